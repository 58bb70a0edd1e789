// Issue 12 (mutation score of lib/access-codes/unmanaged-access-codes.ts), over HTTP: finding an unmanaged code by
// device and PIN, what the not-found answer names, the user_identifier_key filter of the list, and taking over a
// keypad PIN that a managed code not yet on the lock already holds.
import { describe, expect, it } from 'vitest'
import { type Workspace, workspaceWith, expectError, expectOk, create, get } from '@/tests/support/rules-api'

interface Unmanaged {
  access_code_id: string
  device_id: string
  code: string
  is_managed: boolean
}

/** A PIN typed into the lock by someone else: the unmanaged code it shows up as. */
async function typedIn(ws: Workspace<readonly string[]>, deviceId: string, code: string): Promise<Unmanaged> {
  const reply = await ws.call('/access_codes/simulate/create_unmanaged_access_code', {
    device_id: deviceId,
    code,
    name: `Typed ${code}`,
  })
  return (expectOk(reply) as unknown as { access_code: Unmanaged }).access_code
}

async function unmanagedGet(ws: Workspace<readonly string[]>, body: Record<string, unknown>) {
  return ws.call('/access_codes/unmanaged/get', body)
}

const idOf = (reply: { body: unknown }) =>
  (reply.body as { access_code?: Unmanaged }).access_code?.access_code_id ?? null

describe('/access_codes/unmanaged/get', () => {
  it('finds a code by device and PIN, on that device only', async () => {
    const ws = await workspaceWith('august', 'yale')
    const [august, yale] = ws.devices
    const first = await typedIn(ws, august, '2468')
    const second = await typedIn(ws, august, '1357')
    const elsewhere = await typedIn(ws, yale, '9753')

    expect(idOf(await unmanagedGet(ws, { device_id: august, code: '1357' }))).toBe(second.access_code_id)
    expect(idOf(await unmanagedGet(ws, { device_id: august, code: '2468' }))).toBe(first.access_code_id)
    expect(idOf(await unmanagedGet(ws, { device_id: yale, code: '9753' }))).toBe(elsewhere.access_code_id)
    // The PIN is on the other lock, and the id belongs to the other lock: neither is this lock's code.
    const notHere = expectError(await unmanagedGet(ws, { device_id: yale, code: '1357' }), 404, 'access_code_not_found')
    expect(notHere.message).toBe('Unmanaged access code 1357 was not found.')
    expectError(
      await unmanagedGet(ws, { device_id: yale, access_code_id: first.access_code_id }),
      404,
      'access_code_not_found',
    )
    const unknownId = '0b9e7a35-6f4c-4d8e-9a1b-2c3d4e5f6a7b'
    const missing = expectError(await unmanagedGet(ws, { access_code_id: unknownId }), 404, 'access_code_not_found')
    expect(missing.message).toBe(`Unmanaged access code ${unknownId} was not found.`)
  })
})

describe('/access_codes/unmanaged/list', () => {
  it('with a user_identifier_key lists nothing: unmanaged codes belong to no user', async () => {
    const ws = await workspaceWith('august')
    const [august] = ws.devices
    await typedIn(ws, august, '2468')
    const all = expectOk(await ws.call('/access_codes/unmanaged/list', { device_id: august })) as unknown as {
      access_codes: Unmanaged[]
    }
    expect(all.access_codes.map((c) => c.code)).toEqual(['2468'])
    const forUser = expectOk(
      await ws.call('/access_codes/unmanaged/list', { device_id: august, user_identifier_key: 'guest-42' }),
    ) as unknown as { access_codes: Unmanaged[]; pagination: unknown }
    expect(forUser.access_codes).toEqual([])
  })
})

describe('/access_codes/unmanaged/convert_to_managed', () => {
  it('refuses a PIN a managed code holds (typed in before Latchkey programmed it) with duplicate_access_code', async () => {
    const ws = await workspaceWith('august')
    const [august] = ws.devices
    const managed = await create(ws, { device_id: august, code: '4821', name: 'Guest' })
    // Latchkey has not put its code on the keypad yet, so the keypad takes the same PIN from someone else.
    const typed = await typedIn(ws, august, '4821')
    const refused = expectError(
      await ws.call('/access_codes/unmanaged/convert_to_managed', { access_code_id: typed.access_code_id }),
      409,
      'duplicate_access_code',
    )
    expect(refused.message).toContain(managed.access_code_id)
    expect(refused.message).toContain('"Guest"')
    // Nothing changed: the typed code is still unmanaged, the managed one as it was.
    expect(idOf(await unmanagedGet(ws, { access_code_id: typed.access_code_id }))).toBe(typed.access_code_id)
    expect(await get(ws, managed.access_code_id)).toMatchObject({ code: '4821', name: 'Guest' })
  })
})
