import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Store } from '@/lib/db/connection'
import { seamDb } from '@/lib/seam/seam-tables'
import { checkSeamSecretKey } from '@/lib/seam/startup-check'
import { ManualClock } from '@/lib/time/clock'
import { createWorkspace } from '@/lib/workspaces/create-workspace'
import { openTestStore } from '@/tests/support/test-store'

let store: Store
const clock = new ManualClock('2026-03-02T12:00:00.000Z')

beforeAll(async () => {
  store = await openTestStore()
})
afterAll(async () => {
  await store?.close()
})

describe('start-up with Seam connections', () => {
  it('starts without LATCHKEY_SECRET_KEY while no workspace is connected', async () => {
    expect(await checkSeamSecretKey(store.db, { LATCHKEY_SECRET_KEY: undefined })).toBeUndefined()
  })

  it('refuses to start with connections and no key, saying what to set; starts with the key', async () => {
    const ws = await createWorkspace(store.db, clock, { name: 'Connected', sandboxDevices: 0 })
    const now = clock.now().toISOString()
    await seamDb(store.db)
      .insertInto('seam_connections')
      .values({
        workspace_id: ws.workspace_id,
        endpoint: 'https://connect.getseam.com',
        api_key_ciphertext: 'v1.x.y.z',
        key_last4: 'abcd',
        seam_workspace_id: null,
        seam_workspace_name: null,
        status: 'connected',
        last_error: null,
        last_synced_at: null,
        next_sync_at: null,
        consecutive_failures: 0,
        created_at: now,
        updated_at: now,
      })
      .execute()
    await expect(checkSeamSecretKey(store.db, { LATCHKEY_SECRET_KEY: undefined })).rejects.toThrow(
      /1 Seam connection but LATCHKEY_SECRET_KEY is not set/,
    )
    const key = crypto.randomBytes(32)
    expect(await checkSeamSecretKey(store.db, { LATCHKEY_SECRET_KEY: key.toString('base64') })).toEqual(key)
  })
})
