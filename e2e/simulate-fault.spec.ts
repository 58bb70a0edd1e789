import { expect, test, uniqueName } from './support/app'

const LOCK = 'Owner closet'

test('an admin makes a sandbox lock have a fault from its page, sees it on the lock’s code, and clears it', async ({
  page,
  app,
}) => {
  const lock = await app.api.device(LOCK)
  const name = uniqueName('Simulated stay')
  const created = await app.api.createCode({ device_id: lock.device_id, name })
  await expect
    .poll(async () => (await app.api.accessCode(created.access_code_id)).status, { timeout: 20_000 })
    .toBe('set')
  try {
    await page.goto(app.at(`/devices/${lock.device_id}`))
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) })
    await expect(row).toContainText('Set on lock')

    // The panel lists what this brand can have, in plain words, and says how each clears.
    await page.getByRole('button', { name: 'Show the Simulate panel' }).click()
    await page.getByLabel('Fault', { exact: true }).selectOption('device_offline')
    await expect(page.getByText('Goes offline, as /devices/simulate/disconnect', { exact: true })).toBeVisible()
    await page.getByRole('button', { name: 'Simulate fault' }).click()
    await expect(page.getByText('device_offline is simulated.')).toBeVisible()

    // The lock side reads the lock, and the codes table shows it without a reload.
    await expect(row).toContainText('On lock – lock offline', { timeout: 30_000 })
    const active = page.getByRole('region', { name: 'Active faults' })
    await expect(active).toContainText('device_offline')
    await expect(active).toContainText('until cleared')

    await active.getByRole('button', { name: 'Clear all faults' }).click()
    await expect(active).toContainText('None: the lock behaves normally.')
    await expect(row).toContainText('Set on lock', { timeout: 30_000 })
  } finally {
    await app.api.call('/devices/simulate/clear_faults', { device_id: lock.device_id })
  }
})
