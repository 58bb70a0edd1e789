import { describe, expect, it } from 'vitest'
import { mirrorUnmanagedCodes, unmanagedCodeRow, UnmanagedWrites } from '@/lib/sync/mirror-unmanaged'
import { at, codeRow, deviceRecord, HOUR, keypadEntry, NOW } from '@/tests/support/code-work-fixture'

// PINs someone put on the keypad outside Latchkey show as unmanaged codes: each once, kept up to date, and gone
// when they leave the keypad. A property manager relies on this list to know who else can open the door.

const lock = deviceRecord()
const guestEntry = keypadEntry({ providerCodeId: 'pc_guest', code: '9876', name: 'Guest', setByLatchkey: false })
const mirrored = codeRow({
  access_code_id: 'ac_unmanaged',
  is_managed: 0,
  status: 'set',
  code: '9876',
  name: 'Guest',
  provider_code_id: 'pc_guest',
  programmed_code: '9876',
})

function mirror(
  keypad: Parameters<typeof mirrorUnmanagedCodes>[1],
  unmanaged: Parameters<typeof mirrorUnmanagedCodes>[3] = [],
  claimed: string[] = [],
): UnmanagedWrites {
  const writes = new UnmanagedWrites()
  mirrorUnmanagedCodes(lock, keypad, new Set(claimed), unmanaged, writes, NOW)
  return writes
}

describe('mirrorUnmanagedCodes', () => {
  it('a new entry nobody claims becomes an unmanaged code, with its event', () => {
    const writes = mirror([guestEntry])
    expect(writes.inserts).toHaveLength(1)
    const [row] = writes.inserts
    expect(row).toMatchObject({
      workspace_id: 'ws_1',
      device_id: 'dev_1',
      code: '9876',
      name: 'Guest',
      provider_code_id: 'pc_guest',
      is_managed: 0,
      status: 'set',
      created_at: NOW.toISOString(),
    })
    expect(writes.events).toEqual([
      {
        workspaceId: 'ws_1',
        eventType: 'access_code.unmanaged.created',
        accessCodeId: row?.access_code_id,
        deviceId: 'dev_1',
        connectedAccountId: 'ca_1',
      },
    ])
    expect(writes.changes.size).toBe(0)
  })

  it('an entry a managed code claims is not mirrored', () => {
    expect(mirror([guestEntry], [], ['pc_guest']).empty).toBe(true)
  })

  it('a mirrored entry unchanged writes nothing; a changed PIN or name is updated', () => {
    expect(mirror([guestEntry], [mirrored]).empty).toBe(true)
    expect(mirror([{ ...guestEntry, code: '1111' }], [mirrored]).changes.get('ac_unmanaged')).toEqual({
      code: '1111',
      name: 'Guest',
      updated_at: NOW.toISOString(),
    })
    expect(mirror([{ ...guestEntry, name: 'Cleaner' }], [mirrored]).changes.get('ac_unmanaged')).toEqual({
      code: '9876',
      name: 'Cleaner',
      updated_at: NOW.toISOString(),
    })
  })

  it('an unmanaged code whose entry left the keypad is deleted, with its event', () => {
    const writes = mirror([], [mirrored])
    expect(writes.changes.get('ac_unmanaged')).toEqual({
      status: 'deleted',
      deleted_at: NOW.toISOString(),
      updated_at: NOW.toISOString(),
    })
    expect(writes.events.map((e) => [e.eventType, e.accessCodeId])).toEqual([
      ['access_code.unmanaged.removed', 'ac_unmanaged'],
    ])
    expect(writes.inserts).toEqual([])
  })

  it('one someone asked to delete is done once its entry is gone: no second event', () => {
    const asked = { ...mirrored, deleted_at: at(-HOUR) }
    const writes = mirror([], [asked])
    expect(writes.changes.get('ac_unmanaged')).toEqual({ status: 'deleted', updated_at: NOW.toISOString() })
    expect(writes.events).toEqual([])
    // Still on the keypad: it stays as it is until the lock work removes it.
    expect(mirror([guestEntry], [asked]).empty).toBe(true)
  })

  it('an unmanaged code with no entry id is not on the keypad', () => {
    const writes = mirror([guestEntry], [{ ...mirrored, access_code_id: 'ac_lost', provider_code_id: null }])
    expect(writes.changes.get('ac_lost')).toMatchObject({ status: 'deleted' })
    expect(writes.inserts).toHaveLength(1)
  })

  it('another entry on the keypad does not keep a removed one', () => {
    const other = keypadEntry({ providerCodeId: 'pc_other', code: '5555', name: null, setByLatchkey: false })
    const writes = mirror([other], [mirrored])
    expect(writes.changes.get('ac_unmanaged')).toMatchObject({ status: 'deleted' })
    expect(writes.inserts.map((r) => r.provider_code_id)).toEqual(['pc_other'])
  })
})

describe('unmanagedCodeRow', () => {
  it('an entry with a window is time-bound and scheduled on the device; one without, ongoing', () => {
    const scheduled = unmanagedCodeRow(lock, { ...guestEntry, startsAt: at(HOUR), endsAt: at(2 * HOUR) }, 'ac_x', 'now')
    expect(scheduled).toMatchObject({
      type: 'time_bound',
      starts_at: at(HOUR),
      ends_at: at(2 * HOUR),
      is_scheduled_on_device: 1,
      programmed_starts_at: at(HOUR),
      programmed_ends_at: at(2 * HOUR),
    })
    expect(unmanagedCodeRow(lock, guestEntry, 'ac_x', 'now')).toMatchObject({
      type: 'ongoing',
      is_scheduled_on_device: 0,
    })
    for (const half of [{ startsAt: at(HOUR) }, { endsAt: at(HOUR) }])
      expect(unmanagedCodeRow(lock, { ...guestEntry, ...half }, 'ac_x', 'now').type).toBe('ongoing')
  })
})

describe('UnmanagedWrites', () => {
  it('changes to one code add up', () => {
    const writes = new UnmanagedWrites()
    writes.change('ac_1', { code: '1' })
    writes.change('ac_1', { name: 'n' })
    expect(writes.changes.get('ac_1')).toEqual({ code: '1', name: 'n' })
  })

  it('keeps only the writes about the codes asked for', () => {
    const writes = mirror(
      [guestEntry, { ...guestEntry, providerCodeId: 'pc_2' }],
      [{ ...mirrored, access_code_id: 'ac_gone', provider_code_id: 'pc_gone' }],
    )
    writes.removed.push('ac_gone', 'ac_else')
    writes.events.push({ workspaceId: 'ws_1', eventType: 'access_code.unmanaged.created' })
    const firstNew = writes.inserts[0]?.access_code_id ?? ''
    const kept = writes.only((id) => id === firstNew || id === 'ac_gone')
    expect(kept.inserts.map((r) => r.access_code_id)).toEqual([firstNew])
    expect([...kept.changes.keys()]).toEqual(['ac_gone'])
    expect(kept.events.map((e) => e.accessCodeId).sort()).toEqual(['ac_gone', firstNew].sort())
    expect(kept.removed).toEqual(['ac_gone'])
    expect(writes.only(() => false).empty).toBe(true)
    // An event about no code in particular belongs to none of them.
    expect(writes.only(() => true).events.every((e) => e.accessCodeId !== undefined)).toBe(true)
    expect(writes.only(() => true).events).toHaveLength(writes.events.length - 1)
  })

  it('is empty only without changes, inserts, events or removals', () => {
    const make = (fill: (w: UnmanagedWrites) => void): boolean => {
      const w = new UnmanagedWrites()
      fill(w)
      return w.empty
    }
    expect(make(() => undefined)).toBe(true)
    expect(make((w) => w.change('ac_1', {}))).toBe(false)
    expect(make((w) => w.inserts.push(unmanagedCodeRow(lock, guestEntry, 'ac_1', 'now')))).toBe(false)
    expect(make((w) => w.events.push({ workspaceId: 'ws_1', eventType: 'access_code.unmanaged.created' }))).toBe(false)
    expect(make((w) => w.removed.push('ac_1'))).toBe(false)
  })
})
