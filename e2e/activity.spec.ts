import { readFile } from 'node:fs/promises'
import type { Page } from '@playwright/test'
import { expect, test, uniqueName } from './support/app'
import { describeFindings, seriousViolations } from './support/axe'

/** The lock side answers within about a second here (SANDBOX_LATENCY_SCALE=0.2); leave room for a busy machine. */
const LIVE = { timeout: 30_000 }

/** Opens the lock page's Simulate panel on one of its tabs, and returns that tab's panel. */
const openSimulatePanel = async (page: Page, tab: string) => {
  await page.getByRole('button', { name: 'Show the Simulate panel' }).click()
  await page.getByRole('tab', { name: tab }).click()
  return page.getByRole('tabpanel', { name: tab })
}

test('support enters a guest’s PIN at the lock, reads why the door stayed locked, finds it in the activity and exports it', async ({
  page,
  app,
}, testInfo) => {
  const lock = await app.api.device('Unit 2A')
  const name = uniqueName('Arrives tomorrow')
  const tomorrow = Date.now() + 24 * 3_600_000
  const created = await app.api.createCode({
    device_id: lock.device_id,
    name,
    starts_at: new Date(tomorrow).toISOString(),
    ends_at: new Date(tomorrow + 2 * 24 * 3_600_000).toISOString(),
  })
  const pin = created.code ?? ''
  expect(pin).toMatch(/^\d+$/)

  // The guest is at the door a day early: the Simulate panel types their PIN at the keypad.
  await page.goto(app.at(`/devices/${lock.device_id}`))
  const door = await openSimulatePanel(page, 'Enter a PIN')
  await door.getByLabel('Use the PIN of').selectOption({ label: `${name} (${pin})` })
  await expect(door.getByLabel('PIN', { exact: true })).toHaveValue(pin)
  await door.getByRole('button', { name: 'Enter PIN' }).click()
  const answer = door.getByRole('status').filter({ hasText: 'The door stayed locked' })
  await expect(answer).toContainText('The door stayed locked: not active yet')
  await expect(answer).toContainText(`PIN ${pin}`)

  // The activity page, from the header: the refusal, in words, on the lock, in the property's time zone.
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: /^Activity/ })
    .click()
  await expect(page.getByRole('heading', { level: 1, name: 'Activity' })).toBeVisible()
  const filters = page.getByRole('form', { name: 'Filter activity' })
  await filters.getByLabel('Property').selectOption({ label: 'Aspen Ridge Lodge' })
  await expect(filters.getByText('America/Denver')).toBeVisible()
  await filters.getByLabel('Lock').selectOption({ label: 'Unit 2A' })
  await filters.getByLabel('What happened').selectOption({ label: 'At the door (opened or refused)' })
  await expect(page).toHaveURL(/type=door/)
  // The page the filters ask for has arrived: its export follows them too.
  const download = page.getByRole('link', { name: 'Download CSV' })
  await expect(download).toHaveAttribute('href', new RegExp(`device_id=${lock.device_id}.*type=door`))
  const refusal = page.getByRole('listitem').filter({ hasText: 'Refused at the door: not active yet' }).first()
  await expect(refusal).toBeVisible()
  await expect(refusal).toContainText(/M[DS]T/)
  await expect(refusal.getByRole('link', { name: 'Unit 2A' })).toHaveAttribute(
    'href',
    app.at(`/devices/${lock.device_id}`),
  )

  const findings = await seriousViolations(page, testInfo, 'activity page')
  expect(findings, describeFindings(findings)).toEqual([])

  // The CSV holds what the filters show, every page of it.
  const [file] = await Promise.all([page.waitForEvent('download'), download.click()])
  expect(file.suggestedFilename()).toMatch(/^latchkey-activity-\d{4}-\d{2}-\d{2}\.csv$/)
  const path = await file.path()
  const csv = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '')
  const [header, ...lines] = csv.split('\r\n').filter((line) => line !== '')
  expect(header).toBe(
    'Local time,Time zone,UTC time,What happened,Details,Property,Lock,Code,Code note,Event type,Event ID,Lock ID,Code ID',
  )
  expect(lines.length).toBeGreaterThan(0)
  expect(lines.every((line) => line.includes('Unit 2A') && line.includes('America/Denver'))).toBe(true)
  expect(lines.some((line) => line.includes('Refused at the door: not active yet'))).toBe(true)
})

test('an admin changes a PIN at the keypad and disconnects the lock maker’s account from the Simulate panel, and sees both happen', async ({
  page,
  app,
}, testInfo) => {
  const lock = await app.api.device('Cabin front door')
  const name = uniqueName('Keypad change')
  const created = await app.api.createCode({ device_id: lock.device_id, name })
  await expect.poll(async () => (await app.api.accessCode(created.access_code_id)).status, LIVE).toBe('set')
  const { device } = await app.api.call<{ device: { connected_account_id: string } }>('/devices/get', {
    device_id: lock.device_id,
  })
  try {
    await page.goto(app.at(`/devices/${lock.device_id}`))
    const keypad = await openSimulatePanel(page, 'Keypad changes')
    const change = keypad.getByRole('region', { name: 'Change or remove a PIN at the keypad' })
    await change.getByLabel('Code', { exact: true }).selectOption({ label: `${name} (${created.code ?? ''})` })
    await change.getByLabel('New PIN').fill('918273')
    await change.getByRole('button', { name: 'Change PIN' }).click()
    await expect(change.getByRole('status')).toContainText(`“${name}” has PIN 918273 on the keypad now`)
    const findings = await seriousViolations(page, testInfo, 'Simulate panel, keypad changes')
    expect(findings, describeFindings(findings)).toEqual([])

    // The lock side notices the change; the code's activity says so.
    await expect
      .poll(async () => {
        await page.goto(app.at(`/activity?access_code_id=${created.access_code_id}`))
        return page
          .getByRole('listitem')
          .filter({ hasText: 'PIN changed on Cabin front door outside Latchkey' })
          .count()
      }, LIVE)
      .toBeGreaterThan(0)
    await expect(page.getByRole('form', { name: 'Filter activity' }).getByLabel('Code')).toHaveValue(
      created.access_code_id,
    )

    // The account: asked first, since it cuts off every lock of the account.
    await page.goto(app.at(`/devices/${lock.device_id}`))
    await page.getByRole('button', { name: 'Show the Simulate panel' }).click()
    await page.getByRole('button', { name: 'Disconnect account' }).click()
    const dialog = page.getByRole('dialog', { name: 'Disconnect the Nuki account?' })
    await dialog.getByRole('button', { name: 'Disconnect account' }).click()
    await expect(page.getByText('The Nuki account is disconnected')).toBeVisible()
    await expect(page.getByRole('heading', { level: 1 }).locator('..')).toContainText('Account disconnected')
    await page.getByRole('button', { name: 'Reconnect account' }).click()
    await expect(page.getByText('The Nuki account is connected again')).toBeVisible()
    await expect(page.getByRole('heading', { level: 1 }).locator('..')).toContainText('Online')
  } finally {
    await app.api.call('/connected_accounts/simulate/connect', { connected_account_id: device.connected_account_id })
  }
})
