import { expect, test, uniqueName } from './support/app'
import { startFakeSeam, type FakeSeam } from '../tests/support/fake-seam'
import { newWebhookSecret, svixHeaders } from '../tests/support/svix'

// Issue 14: an admin connects the workspace to a Seam workspace (@seamapi/fake-seam-connect on 127.0.0.1, served
// from this test process), its lock appears, and a code created on it reaches "Set on lock" once Seam sets it (told
// at once by a signed webhook). The fake keeps serving afterwards, so the journeys that follow find the connection
// well and the Seam lock online (a stopped Seam would add a problem to their queue).

let seam: FakeSeam
let seamLockId: string
const LOCK = 'Seam gate'

test.beforeAll(async () => {
  seam = await startFakeSeam()
  seamLockId = seam.fake.database.addDevice({
    workspace_id: seam.workspaceId,
    connected_account_id: seam.connectedAccountId,
    device_type: 'august_lock',
    name: LOCK,
    display_name: LOCK,
    can_program_online_access_codes: true,
    properties: {
      online: true,
      model: { display_name: 'Smart Lock Pro', manufacturer_display_name: 'August' },
    } as never,
  }).device_id
})

test('an admin connects a Seam workspace; its lock appears, and a code on it reaches "Set on lock"', async ({
  page,
  app,
}) => {
  const webhookSecret = newWebhookSecret()
  await page.goto(app.at())
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click()
  await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Seam workspace' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Seam workspace' })).toBeVisible()

  await page.getByLabel('Seam API key').fill(seam.apiKey)
  await page.getByLabel('Endpoint (optional)').fill(seam.endpoint)
  await page.getByLabel('Webhook secret (optional)').fill(webhookSecret)
  await page.getByRole('button', { name: 'Connect Seam workspace' }).click()
  await expect(page.getByText('Connected to Fake Seam workspace: 1 lock imported.')).toBeVisible()
  await expect(page.getByText('Accepted (signed with the stored secret)')).toBeVisible()
  // The key is never shown back: only its last four characters.
  await expect(page.getByText(seam.apiKey)).toHaveCount(0)
  await expect(page.getByText(`seam_…${seam.apiKey.slice(-4)}`)).toBeVisible()

  await page.getByRole('link', { name: 'See them on the Locks page' }).click()
  await page.getByRole('link', { name: LOCK, exact: true }).first().click()
  await expect(page.getByRole('heading', { level: 1, name: LOCK })).toBeVisible()
  await expect(page.getByText('Seam lock', { exact: true })).toBeVisible()
  // Not a sandbox lock: nothing to simulate.
  await expect(page.getByRole('heading', { name: /Simulate/ })).toHaveCount(0)

  const name = uniqueName('Gardener')
  await page.getByRole('link', { name: 'New access code' }).first().click()
  await page.getByLabel('Name', { exact: true }).fill(name)
  await page.getByLabel('PIN', { exact: true }).fill('4821')
  await page.getByRole('button', { name: 'Create access code' }).click()
  await expect(page).toHaveURL(/\/access-codes\/[0-9a-f-]{36}$/)
  const status = page.getByRole('status').filter({ hasText: /on lock|on the lock|Scheduled|Waiting/ })
  // Seam has the code and is still programming it.
  await expect(status).toContainText('Setting on lock…', { timeout: 15_000 })
  await expect.poll(() => seam.fake.database.access_codes.filter((c) => c.device_id === seamLockId).length).toBe(1)

  // Seam sets it on the lock and says so by webhook: the page follows without a reload.
  const code = seam.fake.database.access_codes.find((c) => c.device_id === seamLockId)
  if (code === undefined) throw new Error('Seam has no code')
  seam.fake.database.updateAccessCode({ access_code_id: code.access_code_id, status: 'set' })
  const body = JSON.stringify({
    event_id: crypto.randomUUID(),
    event_type: 'access_code.set',
    workspace_id: seam.workspaceId,
    device_id: seamLockId,
    access_code_id: code.access_code_id,
    created_at: new Date().toISOString(),
    occurred_at: new Date().toISOString(),
  })
  const delivered = await page.request.post('/webhooks/seam', {
    data: body,
    headers: { 'content-type': 'application/json', ...svixHeaders(webhookSecret, body, new Date()) },
  })
  expect(delivered.status(), await delivered.text()).toBe(200)
  await expect(status).toContainText('Set on lock', { timeout: 15_000 })
})
