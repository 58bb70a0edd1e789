// The bulk page's loader: the workspace's locks by property, each with what the picker shows (free slots counting
// codes scheduled ahead on the lock, online state, who picks the PIN), and nothing of another workspace's.
import { describe, expect, it } from 'vitest'
import { loadBulkPage } from '@/lib/dashboard/bulk-page'
import { clock, create, inHours, store, workspaceWith } from '@/tests/support/rules-api'

const pageOf = (workspaceId: string) => loadBulkPage({ db: store.db, clock, workspaceId })

describe('the bulk page loader', () => {
  it('lists the workspace’s own locks with their slots in use now, online state and PIN rules', async () => {
    const ws = await workspaceWith(
      'august',
      { provider: 'smartthings', label: 'Garage', maxActiveCodes: 5 },
      'salto_ks',
      'lockly',
    )
    const other = await workspaceWith('yale')
    const [august, garage, salto, lockly] = ws.devices
    await create(ws, { device_id: august, code: '4826' })
    // August holds a code scheduled ahead from now; SmartThings only inside the window, so not yet.
    await create(ws, { device_id: august, starts_at: inHours(24), ends_at: inHours(48) })
    await create(ws, { device_id: garage, starts_at: inHours(24), ends_at: inHours(48) })
    await ws.call('/devices/simulate/disconnect', { device_id: lockly })
    await ws.call('/devices/simulate/remove', { device_id: salto })

    const { properties } = await pageOf(ws.workspaceId)
    expect(properties).toHaveLength(1)
    const [property] = properties
    expect(property?.timezoneLabel).toContain(property?.timezone ?? '?')
    const locks = new Map(property?.locks.map((l) => [l.deviceId, l]))
    // The removed lock is not offered; no lock of the other workspace is either.
    expect([...locks.keys()].sort()).toEqual([august, garage, lockly].sort())
    expect(locks.has(other.devices[0])).toBe(false)
    expect(locks.get(august)).toMatchObject({ slotsInUse: 2, maxActiveCodes: 250, online: true, choosesPin: false })
    expect(locks.get(garage)).toMatchObject({ name: 'Garage', slotsInUse: 0, maxActiveCodes: 5 })
    expect(locks.get(lockly)).toMatchObject({
      online: false,
      supportsBackupPool: false,
      pinRules: expect.stringContaining('6 to 8 digits'),
    })
    expect(locks.get(august)?.brand).toMatch(/August/)
  })

  it('tells a lock that picks its own PINs', async () => {
    const ws = await workspaceWith('salto_ks')
    const [lock] = (await pageOf(ws.workspaceId)).properties[0]?.locks ?? []
    expect(lock).toMatchObject({ choosesPin: true, pinRules: 'This lock picks its own PINs.' })
  })
})
