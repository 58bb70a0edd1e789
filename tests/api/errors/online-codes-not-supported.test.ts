import { describe, expect, it } from 'vitest'
import { expectError, expectOk, inHours, workspaceWith } from '@/tests/support/rules-api'

// online_access_codes_not_supported: an igloohome lock paired without its Bridge is reached only by Bluetooth, so
// it takes offline (algoPIN) codes but no code sent over the internet. No shipped sandbox profile is such a lock;
// the device record says so (can_program_online_access_codes: false), as a real one paired that way would.
const IGLOOHOME_WITHOUT_BRIDGE = {
  provider: 'igloohome',
  label: 'igloohome lock without its Bridge',
  canProgramOnlineCodes: false,
  connectsThrough: null,
} as const

describe('a lock that cannot program online access codes', () => {
  it('says so on the device, refuses an online code with 400 online_access_codes_not_supported, takes an offline one', async () => {
    const ws = await workspaceWith('august', IGLOOHOME_WITHOUT_BRIDGE)
    const [august, igloohome] = ws.devices

    const device = expectOk(await ws.call('/devices/get', { device_id: igloohome })).device
    expect(device?.properties).toMatchObject({ supported_code_lengths: [4, 5, 6, 7, 8, 9] })
    expect(JSON.stringify(device)).toContain('"can_program_online_access_codes":false')

    for (const body of [
      { device_id: igloohome, name: 'Ongoing', code: '4826' },
      { device_id: igloohome, name: 'Time-bound', code: '4826', starts_at: inHours(2), ends_at: inHours(26) },
      { device_id: igloohome, name: 'Generated PIN' },
    ]) {
      const error = expectError(await ws.call('/access_codes/create', body), 400, 'online_access_codes_not_supported')
      expect(error.message).toBe(
        'igloohome lock without its Bridge cannot program online access codes; create an offline access code instead.',
      )
    }
    expect(expectOk(await ws.call('/access_codes/list', { device_id: igloohome })).access_codes).toEqual([])

    // create_multiple refuses the whole group: nothing is made on the lock that could have taken it either.
    expectError(
      await ws.call('/access_codes/create_multiple', { device_ids: [august, igloohome], code: '4826' }, 'PUT'),
      400,
      'online_access_codes_not_supported',
    )
    expect(expectOk(await ws.call('/access_codes/list', { device_id: august })).access_codes).toEqual([])

    const offline = expectOk(
      await ws.call('/access_codes/create', {
        device_id: igloohome,
        name: 'Guest',
        is_offline_access_code: true,
        starts_at: inHours(2),
        ends_at: inHours(26),
      }),
    ).access_code
    expect(offline).toMatchObject({ device_id: igloohome, is_offline_access_code: true })
  })
})
