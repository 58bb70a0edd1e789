// Issue 12 (mutation score of lib/access-codes/access-code-store.ts), over HTTP: a code named with a device_id is found
// only on that device, and only in the caller's workspace, by update and delete alike.
import { describe, expect, it } from 'vitest'
import { workspaceWith, expectError, expectOk, create, get } from '@/tests/support/rules-api'

describe('finding the code an update or a delete names', () => {
  it('with a device_id, only on that device: another lock’s id is access_code_not_found and nothing changes', async () => {
    const ws = await workspaceWith('august', 'yale')
    const [august, yale] = ws.devices
    const code = await create(ws, { device_id: august, code: '4821', name: 'Guest' })
    const id = code.access_code_id

    expectError(
      await ws.call('/access_codes/update', { access_code_id: id, device_id: yale, name: 'Wrong lock' }),
      404,
      'access_code_not_found',
    )
    expectError(
      await ws.call('/access_codes/delete', { access_code_id: id, device_id: yale }),
      404,
      'access_code_not_found',
    )
    expect(await get(ws, id)).toMatchObject({ name: 'Guest', device_id: august })

    expectOk(await ws.call('/access_codes/update', { access_code_id: id, device_id: august, name: 'Right lock' }))
    expect((await get(ws, id)).name).toBe('Right lock')
  })

  it("another workspace's code is access_code_not_found, named in the message", async () => {
    const mine = await workspaceWith('august')
    const theirs = await workspaceWith('august')
    const code = await create(theirs, { device_id: theirs.devices[0], code: '4821', name: 'Theirs' })
    const missing = expectError(
      await mine.call('/access_codes/update', { access_code_id: code.access_code_id, name: 'Mine now' }),
      404,
      'access_code_not_found',
    )
    expect(missing.message).toBe(`Access code ${code.access_code_id} was not found.`)
    expectError(
      await mine.call('/access_codes/delete', { access_code_id: code.access_code_id }),
      404,
      'access_code_not_found',
    )
    expect((await get(theirs, code.access_code_id)).name).toBe('Theirs')
  })
})
