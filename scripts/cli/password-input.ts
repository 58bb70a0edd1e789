// How the CLI reads a password: never from its own command line (other users see it in `ps`, and it stays in the
// shell's history), but from stdin with --password-stdin, as `docker login` does, or from a prompt that does not echo.
import { MIN_PASSWORD_LENGTH } from '@/lib/auth/passwords'
import { CommandError, UsageError, type CliContext, type PasswordInput } from '@/scripts/cli/command'

export const PASSWORD_STDIN = 'password-stdin'

/** The refusal of `--password VALUE` (any command): why, and what to use instead. */
export function passwordFlagRefusal(args: readonly string[]): string | undefined {
  if (!args.some((arg) => arg === '--password' || arg.startsWith('--password='))) return undefined
  return [
    '--password is not accepted: a password on the command line can be read by other users of this machine (ps)',
    'and is kept in your shell history. Pipe it in with --password-stdin, for example',
    `  printf '%s\\n' "$PASSWORD" | npm run --silent cli -- user create … --${PASSWORD_STDIN}`,
    'or leave both out to be asked for it (in a terminal).',
  ].join('\n')
}

const MAX_STDIN_BYTES = 4096

/** The first line of stdin (without its line ending): the whole of a piped password. */
export function readFirstLine(input: PasswordInput): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = ''
    const finish = (error?: Error) => {
      input.off('data', onData)
      input.off('end', onEnd)
      input.off('error', onError)
      input.pause()
      if (error !== undefined) reject(error)
      else resolve(text.split(/\r?\n/)[0] ?? '')
    }
    const onData = (chunk: Buffer | string) => {
      text += chunk.toString()
      if (text.includes('\n')) finish()
      else if (text.length > MAX_STDIN_BYTES) finish(new CommandError('The password on stdin is too long.'))
    }
    const onEnd = () => finish()
    const onError = (error: Error) => finish(error)
    input.on('data', onData)
    input.on('end', onEnd)
    input.on('error', onError)
    input.resume()
  })
}

/** Asks on the terminal without echoing what is typed (backspace works; Ctrl-C or Ctrl-D cancels). */
export function promptHidden(question: string, input: PasswordInput, output: NodeJS.WritableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let value = ''
    output.write(question)
    input.setRawMode?.(true)
    const finish = (error?: Error) => {
      input.off('data', onData)
      input.setRawMode?.(false)
      input.pause()
      output.write('\n')
      if (error !== undefined) reject(error)
      else resolve(value)
    }
    const onData = (chunk: Buffer | string) => {
      for (const char of chunk.toString()) {
        if (char === '\r' || char === '\n') return finish()
        if (char === '\u0003' || char === '\u0004') return finish(new CommandError('Cancelled.'))
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1)
        else if (char >= ' ') value += char
      }
    }
    input.on('data', onData)
    input.resume()
  })
}

/** The new password for a command: from stdin (--password-stdin) or, in a terminal, typed twice at a prompt. */
export async function readNewPassword(ctx: CliContext): Promise<string> {
  let password: string
  if (ctx.values[PASSWORD_STDIN] === true) {
    password = await readFirstLine(ctx.input)
  } else if (ctx.input.isTTY === true) {
    password = await promptHidden('Password: ', ctx.input, ctx.prompt)
    const again = await promptHidden('Repeat the password: ', ctx.input, ctx.prompt)
    if (again !== password) throw new CommandError('The two passwords differ. Nothing was changed.')
  } else {
    throw new UsageError(
      `no password: pipe it in with --${PASSWORD_STDIN}, or run the command in a terminal to be asked for it`,
    )
  }
  if (password.length < MIN_PASSWORD_LENGTH)
    throw new CommandError(`The password must be at least ${MIN_PASSWORD_LENGTH} characters.`)
  return password
}
