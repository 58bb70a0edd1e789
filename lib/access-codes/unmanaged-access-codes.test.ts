import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newCodeRow } from '@/lib/access-codes/new-access-code'
import { toUnmanagedAccessCodeObject } from '@/lib/access-codes/unmanaged-access-codes'
import type { Store } from '@/lib/db/connection'
import type { AccessCodeRow } from '@/lib/db/schema'
import { loadDevice } from '@/lib/devices/load-device'
import { unmanagedAccessCodeSchema } from '@/lib/schemas/access-code'
import { ManualClock } from '@/lib/time/clock'
import { createWorkspace } from '@/lib/workspaces/create-workspace'
import { openTestStore } from '@/tests/support/test-store'

let store: Store
let row: AccessCodeRow

beforeAll(async () => {
  store = await openTestStore()
  const clock = new ManualClock()
  const created = await createWorkspace(store.db, clock, { name: 'Unmanaged', sandboxDevices: 1 })
  const workspaceId = created.workspace_id
  const device = await loadDevice({ db: store.db, clock, workspaceId }, created.device_ids[0] ?? '')
  const window = { starts_at: '2026-02-01T15:00:00.000Z', ends_at: '2026-02-03T11:00:00.000Z' }
  const managed = newCodeRow(workspaceId, device, { name: 'Found on keypad', ...window }, '4821', null, clock.now())
  row = { ...managed, is_managed: 0, status: 'unset', errors: '[{"error_code":"x","message":"m","created_at":"t"}]' }
})

afterAll(async () => {
  await store.close()
})

describe('toUnmanagedAccessCodeObject', () => {
  it("answers Seam's unmanaged_access_code: the schema's fields, in the order they always had, always set", () => {
    const code = toUnmanagedAccessCodeObject(row)
    expect(Object.keys(code)).toEqual([
      'access_code_id',
      'workspace_id',
      'device_id',
      'name',
      'code',
      'type',
      'starts_at',
      'ends_at',
      'status',
      'created_at',
      'errors',
      'warnings',
      'is_managed',
    ])
    expect(code).toMatchObject({
      access_code_id: row.access_code_id,
      name: 'Found on keypad',
      code: '4821',
      type: 'time_bound',
      starts_at: '2026-02-01T15:00:00.000Z',
      status: 'set',
      errors: [{ error_code: 'x', message: 'm', created_at: 't' }],
      warnings: [],
      is_managed: false,
    })
    expect(Object.keys(unmanagedAccessCodeSchema.shape).sort()).toEqual(Object.keys(code).sort())
  })
})
