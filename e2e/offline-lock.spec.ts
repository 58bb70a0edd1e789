import { expect, markDocument, test, uniqueName } from './support/app'

const LOCK = 'Unit 1B'

test('a code on an offline lock shows "Lock is offline" with what it means and what to do, then recovers', async ({
  page,
  app,
}) => {
  const lock = await app.api.device(LOCK)
  await app.api.setOnline(lock.device_id, false)
  try {
    // The lock page says the lock is offline before anything is asked of it.
    await page.goto(app.at(`/devices/${lock.device_id}`))
    await expect(page.getByRole('heading', { level: 1, name: LOCK })).toBeVisible()
    // The lock's status badge (the Simulate panel below also says Offline).
    await expect(page.getByText('Offline', { exact: true }).first()).toBeVisible()
    await expect(page.getByText(/The lock is not reachable\./)).toBeVisible()

    const name = uniqueName('Late arrival')
    await page.getByRole('link', { name: 'New access code' }).first().click()
    await page.getByLabel('Name', { exact: true }).fill(name)
    await page.getByRole('button', { name: 'Generate' }).click()
    await expect(page.getByLabel('PIN', { exact: true })).toHaveValue(/^\d{4,9}$/)
    await page.getByRole('button', { name: 'Create access code' }).click()

    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible()
    const sameDocument = await markDocument(page)
    const status = page.getByRole('status').filter({ hasText: /on lock|on the lock/ })

    // The lock side fails to reach the lock, and the page shows why, from the issue catalogue, without a reload.
    const offline = page
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: 'Error: Lock is offline' }) })
    await expect(offline).toBeVisible({ timeout: 20_000 })
    await expect(offline).toContainText('The lock cannot be reached right now')
    await expect(offline).toContainText('What to do:')
    await expect(offline).toContainText('Replace the lock’s batteries')
    await expect(offline).toContainText('device_offline')
    await expect(status).toContainText('Not on lock – error')
    expect(await sameDocument()).toBe(true)

    // Back online: Latchkey catches up by itself, and the error goes.
    await app.api.setOnline(lock.device_id, true)
    await expect(status).toContainText('Set on lock', { timeout: 30_000 })
    await expect(page.getByText('No errors or warnings on this code.')).toBeVisible()
    await expect(offline).toHaveCount(0)
    expect(await sameDocument()).toBe(true)
  } finally {
    await app.api.setOnline(lock.device_id, true)
  }
})

test('pages opened on a code already set learn, without a reload, that its lock went offline and came back', async ({
  page,
  app,
}) => {
  const lock = await app.api.device('Garage')
  const name = uniqueName('Dog walker')
  const created = await app.api.createCode({ device_id: lock.device_id, name })
  await expect
    .poll(async () => (await app.api.accessCode(created.access_code_id)).status, { timeout: 20_000 })
    .toBe('set')
  try {
    // The lock's codes table, opened while everything is fine.
    await page.goto(app.at(`/devices/${lock.device_id}`))
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) })
    await expect(row).toContainText('Set on lock')
    const tableDocument = await markDocument(page)
    await app.api.setOnline(lock.device_id, false)
    await expect(row).toContainText('On lock – lock offline', { timeout: 30_000 })
    expect(await tableDocument()).toBe(true)
    await app.api.setOnline(lock.device_id, true)
    await expect(row).toContainText('Set on lock', { timeout: 30_000 })

    // The code's page, opened while everything is fine.
    await page.goto(app.at(`/access-codes/${created.access_code_id}`))
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible()
    await expect(page.getByText('No errors or warnings on this code.')).toBeVisible()
    const codeDocument = await markDocument(page)
    await app.api.setOnline(lock.device_id, false)
    const offline = page
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: 'Error: Lock is offline' }) })
    await expect(offline).toBeVisible({ timeout: 30_000 })
    await expect(offline).toContainText('device_offline')
    expect(await codeDocument()).toBe(true)

    await app.api.setOnline(lock.device_id, true)
    await expect(page.getByText('No errors or warnings on this code.')).toBeVisible({ timeout: 30_000 })
    expect(await codeDocument()).toBe(true)
  } finally {
    await app.api.setOnline(lock.device_id, true)
  }
})
