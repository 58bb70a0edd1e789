import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assertRoomForCodes } from '@/lib/access-codes/access-code-store'
import { newCodeRow } from '@/lib/access-codes/new-access-code'
import type { Store } from '@/lib/db/connection'
import type { DeviceRecord } from '@/lib/db/device-record'
import { loadDevice } from '@/lib/devices/load-device'
import { DomainError } from '@/lib/errors/domain-error'
import { MAX_ACCESS_CODES_PER_DEVICE } from '@/lib/schemas/access-code'
import { ManualClock } from '@/lib/time/clock'
import { createWorkspace } from '@/lib/workspaces/create-workspace'
import { openTestStore } from '@/tests/support/test-store'

// The bound on a lock's codes counts its live managed codes only: codes found on the lock (unmanaged) and deleted
// ones take no place. assertRoomForCodes first counts every live code, and counts the managed ones only when that
// first count is past the bound, so a lock near the bound with unmanaged codes is the case that tells them apart.

let store: Store
let workspaceId: string
let crowded: DeviceRecord
let roomy: DeviceRecord
const clock = new ManualClock('2030-05-01T12:00:00.000Z')

async function put(device: DeviceRecord, count: number, from: number, change: Record<string, unknown> = {}) {
  const rows = Array.from({ length: count }, (_, i) => ({
    ...newCodeRow(workspaceId, device, { name: `Filler ${from + i}` }, String(100_000 + from + i), null, clock.now()),
    ...change,
  }))
  for (let i = 0; i < rows.length; i += 500)
    await store.db
      .insertInto('access_codes')
      .values(rows.slice(i, i + 500))
      .execute()
}

const refusal = async (devices: DeviceRecord[], adding = 1): Promise<DomainError | undefined> => {
  try {
    await assertRoomForCodes(store.db, devices, adding)
    return undefined
  } catch (error) {
    if (error instanceof DomainError) return error
    throw error
  }
}

beforeAll(async () => {
  store = await openTestStore()
  const workspace = await createWorkspace(store.db, clock, { name: 'Room for codes', sandboxDevices: 2 })
  workspaceId = workspace.workspace_id
  const ctx = { db: store.db, clock, workspaceId }
  crowded = await loadDevice(ctx, workspace.device_ids[0] ?? '')
  roomy = await loadDevice(ctx, workspace.device_ids[1] ?? '')
  // One place left for managed codes, and more unmanaged and deleted codes than that on the same lock.
  await put(crowded, MAX_ACCESS_CODES_PER_DEVICE - 1, 0)
  await put(crowded, 20, MAX_ACCESS_CODES_PER_DEVICE, { is_managed: 0 })
  await put(crowded, 20, MAX_ACCESS_CODES_PER_DEVICE + 20, { deleted_at: clock.now().toISOString() })
  await put(roomy, 3, 0)
}, 60_000)
afterAll(async () => {
  await store.close()
})

describe('assertRoomForCodes', () => {
  it('leaves unmanaged and deleted codes out of the count: the last place is still free', async () => {
    expect(await refusal([crowded])).toBeUndefined()
    expect(await refusal([roomy, crowded])).toBeUndefined()
  })

  it('refuses a lock its managed codes would take past the bound, naming it', async () => {
    const refused = await refusal([roomy, crowded], 2)
    expect(refused?.type).toBe('too_many_access_codes')
    expect(refused?.message).toContain(`${(MAX_ACCESS_CODES_PER_DEVICE - 1).toLocaleString('en-US')} codes`)
    expect(refused?.details).toMatchObject({ device_id: crowded.deviceId })
  })

  it('takes any number of codes on a lock far from the bound, and no devices at all', async () => {
    expect(await refusal([roomy], MAX_ACCESS_CODES_PER_DEVICE - 3)).toBeUndefined()
    expect((await refusal([roomy], MAX_ACCESS_CODES_PER_DEVICE - 2))?.type).toBe('too_many_access_codes')
    expect(await refusal([])).toBeUndefined()
  })
})
