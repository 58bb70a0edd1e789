// /access_codes/create with a common_code_key: the new code shares the PIN of the live codes already holding that key
// (in the caller's workspace only), or is refused naming the field.
import { describe, expect, it } from 'vitest'
import { codeProblems } from '@/lib/shared/code-rules'
import { create, expectInvalidFields, expectOk, list, rulesOf, workspaceWith } from '@/tests/support/rules-api'

describe('create with a common_code_key', () => {
  it('the first code gets a PIN of its own; the next ones, on other locks, take that PIN', async () => {
    const ws = await workspaceWith('august', 'yale', 'schlage')
    const [august, yale, schlage] = ws.devices
    const first = await create(ws, { device_id: august, name: 'Front door', common_code_key: 'stay-42' })
    expect(first.common_code_key).toBe('stay-42')
    expect(codeProblems(first.code ?? '', rulesOf('august'))).toEqual([])
    const second = await create(ws, { device_id: yale, name: 'Unit door', common_code_key: 'stay-42' })
    expect([second.code, second.common_code_key]).toEqual([first.code, 'stay-42'])
    // Naming the same PIN is fine too.
    const third = await create(ws, { device_id: schlage, code: first.code, common_code_key: 'stay-42' })
    expect(third.code).toBe(first.code)
    expect((await list(ws, yale)).map((c) => [c.code, c.common_code_key])).toEqual([[first.code, 'stay-42']])
  })

  it('a different PIN is refused naming the code field and the PIN the others share, and nothing is written', async () => {
    const ws = await workspaceWith('august', 'yale')
    const [august, yale] = ws.devices
    await create(ws, { device_id: august, code: '4821', common_code_key: 'stay-7' })
    const reply = await ws.call('/access_codes/create', { device_id: yale, code: '7391', common_code_key: 'stay-7' })
    expect(expectInvalidFields(reply)).toEqual(['code'])
    expect(reply.body.error?.validation_errors?.code?._errors).toEqual([
      'must be 4821, the PIN of the other codes with common_code_key "stay-7"',
    ])
    expect(await list(ws, yale)).toEqual([])
  })

  it('deleted codes and another workspace’s codes with the same key lend no PIN', async () => {
    const ws = await workspaceWith('august', 'yale')
    const [august, yale] = ws.devices
    const gone = await create(ws, { device_id: august, code: '4821', common_code_key: 'stay-9' })
    expectOk(await ws.call('/access_codes/delete', { access_code_id: gone.access_code_id }))
    expect((await create(ws, { device_id: yale, code: '7391', common_code_key: 'stay-9' })).code).toBe('7391')

    const other = await workspaceWith('august')
    await create(other, { device_id: other.devices[0], code: '5173', common_code_key: 'shared-name' })
    expect((await create(ws, { device_id: august, code: '2648', common_code_key: 'shared-name' })).code).toBe('2648')
  })

  it('on a lock that chooses its PINs, the refusal names common_code_key and says why', async () => {
    const ws = await workspaceWith('keynest')
    const reply = await ws.call('/access_codes/create', { device_id: ws.devices[0], common_code_key: 'stay-1' })
    expect(expectInvalidFields(reply)).toEqual(['common_code_key'])
    expect(reply.body.error?.validation_errors?.common_code_key?._errors).toEqual([
      expect.stringMatching(/^cannot be used on .+: the lock chooses each code's PIN, so its codes cannot share one$/),
    ])
  })
})
