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

// too_many_access_codes names the lock that is full, not the first one of a bulk request: a bulk create over two
// locks that would take the second past the bound says so by its name, with its count and the bound.

let store: Store
let oneCode: DeviceRecord
let threeCodes: DeviceRecord
const clock = new ManualClock('2030-05-01T12:00:00.000Z')

beforeAll(async () => {
  store = await openTestStore()
  const workspace = await createWorkspace(store.db, clock, { name: 'Full lock message', sandboxDevices: 2 })
  const ctx = { db: store.db, clock, workspaceId: workspace.workspace_id }
  oneCode = await loadDevice(ctx, workspace.device_ids[0] ?? '')
  threeCodes = await loadDevice(ctx, workspace.device_ids[1] ?? '')
  const put = (device: DeviceRecord, pins: string[]) =>
    store.db
      .insertInto('access_codes')
      .values(pins.map((pin) => newCodeRow(workspace.workspace_id, device, { name: pin }, pin, null, clock.now())))
      .execute()
  await put(oneCode, ['2468'])
  await put(threeCodes, ['1357', '9753', '8642'])
})
afterAll(async () => {
  await store.close()
})

describe('too_many_access_codes', () => {
  it('names the lock that is full, with its count and the bound', async () => {
    expect(oneCode.displayName).not.toBe(threeCodes.displayName)
    // One code plus the request fits; three do not.
    const adding = MAX_ACCESS_CODES_PER_DEVICE - 2
    let refused: unknown
    try {
      await assertRoomForCodes(store.db, [oneCode, threeCodes], adding)
    } catch (error) {
      refused = error
    }
    expect(refused).toBeInstanceOf(DomainError)
    expect((refused as DomainError).message).toBe(
      `${threeCodes.displayName} already has 3 codes, and Latchkey keeps at most ` +
        `${MAX_ACCESS_CODES_PER_DEVICE.toLocaleString('en-US')} on one lock: delete codes that are no longer needed.`,
    )
    expect((refused as DomainError).details).toEqual({ device_id: threeCodes.deviceId })
  })
})
