import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { passwordFlagRefusal, promptHidden, readFirstLine } from '@/scripts/cli/password-input'

/** A stand-in terminal: what is written to it, and whether it was put in raw mode (no echo) while asked. */
function terminal() {
  const input = Object.assign(new PassThrough(), {
    isTTY: true,
    rawModes: [] as boolean[],
    setRawMode(mode: boolean) {
      input.rawModes.push(mode)
    },
  })
  const output = new PassThrough()
  let shown = ''
  output.on('data', (chunk: Buffer) => (shown += chunk.toString()))
  return { input, output, shown: () => shown }
}

describe('promptHidden', () => {
  it('reads a line in raw mode without echoing it, with backspace, and restores the terminal', async () => {
    const { input, output, shown } = terminal()
    const answer = promptHidden('Password: ', input, output)
    input.write('hunter22x')
    input.write('\u007f\u007f')
    input.write('2!\r')
    expect(await answer).toBe('hunter22!')
    expect(input.rawModes).toEqual([true, false])
    expect(shown()).toBe('Password: \n')
  })

  it('is cancelled by Ctrl-C', async () => {
    const { input, output } = terminal()
    const answer = promptHidden('Password: ', input, output)
    input.write('abc\u0003')
    await expect(answer).rejects.toThrow('Cancelled.')
    expect(input.rawModes).toEqual([true, false])
  })
})

describe('readFirstLine', () => {
  it('takes the first line of a pipe, without its line ending', async () => {
    const pipe = new PassThrough()
    const line = readFirstLine(pipe)
    pipe.end('pass phrase here\r\nsecond\n')
    expect(await line).toBe('pass phrase here')
  })
})

describe('passwordFlagRefusal', () => {
  it('refuses --password in both spellings, and lets --password-stdin through', () => {
    expect(passwordFlagRefusal(['--email', 'a@b.c', '--password', 'x'])).toContain('--password-stdin')
    expect(passwordFlagRefusal(['--password=x'])).toContain('is not accepted')
    expect(passwordFlagRefusal(['--password-stdin'])).toBeUndefined()
  })
})
