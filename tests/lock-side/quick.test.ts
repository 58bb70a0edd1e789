import { afterAll, beforeAll, expect, it } from 'vitest'
import { createAccessCode } from '@/lib/access-codes/create-access-code'
import { getAccessCode } from '@/lib/access-codes/list-access-codes'
import { openLockHarness, type LockHarness } from '@/tests/support/lock-harness'

let h: LockHarness
beforeAll(async () => {
  h = await openLockHarness()
})
afterAll(async () => h.close())

it('sets an ongoing code', async () => {
  const deviceId = h.workspace.device_ids[2] ?? ''
  const { access_code } = await createAccessCode(h.ctx, { device_id: deviceId, code: '5555', name: 'Cleaner' })
  expect(access_code.status).toBe('setting')
  await h.settle()
  const after = await getAccessCode(h.ctx, { access_code_id: access_code.access_code_id })
  expect(after.status).toBe('set')
})
