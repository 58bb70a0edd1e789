import { Seam } from 'seam'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Store } from '@/lib/db/connection'
import { systemClock } from '@/lib/time/clock'
import { createWorkspace } from '@/lib/workspaces/create-workspace'
import { startTestApiServer, type TestApiServer } from '@/tests/support/api-server'
import { openTestStore } from '@/tests/support/test-store'

let store: Store
let server: TestApiServer
let seam: Seam
let deviceIds: string[]

beforeAll(async () => {
  store = await openTestStore()
  server = await startTestApiServer({ db: store.db, clock: systemClock })
  const ws = await createWorkspace(store.db, systemClock, { name: 'Smoke', sandboxDevices: 3 })
  deviceIds = ws.device_ids
  seam = new Seam({ endpoint: server.endpoint, apiKey: ws.api_key })
})
afterAll(async () => {
  await server.close()
  await store.close()
})

describe('smoke', () => {
  it('creates and lists a code through the SDK', async () => {
    const deviceId = deviceIds[0] ?? ''
    const created = await seam.accessCodes.create({ device_id: deviceId, name: 'Cleaner', code: '4821' })
    expect(created.code).toBe('4821')
    const list = await seam.accessCodes.list({ device_id: deviceId })
    expect(list.map((c) => c.access_code_id)).toEqual([created.access_code_id])
    const devices = await seam.devices.list()
    expect(devices).toHaveLength(3)
  })
})
