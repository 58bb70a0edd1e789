import type { Page } from '@playwright/test'
import { expect, markDocument, test, uniqueName } from './support/app'
import { describeFindings, seriousViolations } from './support/axe'

/** The lock side answers within about a second here (SANDBOX_LATENCY_SCALE=0.2); leave room for a busy machine. */
const LIVE = { timeout: 30_000 }

/** A problem's card in the queue, found by its title. */
const card = (page: Page, title: string | RegExp) =>
  page.getByRole('article').filter({ has: page.getByRole('heading', { level: 3, name: title }) })

test('support opens the queue from the header, finds the guest arriving at an offline lock, and hands over a backup code', async ({
  page,
  app,
  context,
}, testInfo) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  await page.goto(app.at())
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: /^Problems/ })
    .click()
  await expect(page.getByRole('heading', { level: 1, name: 'Problems' })).toBeVisible()
  await expect(page.getByRole('heading', { level: 2, name: /^Critical/ })).toBeVisible()

  // The demo's Pine Street Apartments: Apt 1 is offline, with the next guest arriving tomorrow.
  const arrival = card(page, 'Critical: Arrival at risk: Okafor stay')
  await expect(arrival).toContainText('Apt 1 entry')
  await expect(arrival).toContainText('The lock is offline and does not have the code yet')
  await expect(arrival).toContainText('What to do:')
  // The rest of what the seed broke is there too.
  const stuck = card(page, 'Critical: Old PIN still opens the door')
  await expect(stuck).toContainText('Novak stay')
  // The deleted code keeps a page while the lock holds its PIN.
  await expect(stuck.getByRole('link', { name: /^Open the code/ })).toHaveAttribute(
    'href',
    new RegExp(`^${app.at('/access-codes/')}[0-9a-f-]{36}$`),
  )
  await expect(card(page, 'Critical: Lock is full')).toContainText('Housekeeping')
  await expect(card(page, 'Problem: Code changed outside Latchkey (kept)')).toContainText('Ito stay')
  await expect(card(page, 'Critical: Battery almost empty')).toContainText('Apt 4 entry')

  await arrival.getByRole('button', { name: /backup code/ }).click()
  const backup = arrival.getByRole('status').filter({ hasText: 'Backup PIN for Okafor stay' })
  await expect(backup).toBeVisible()
  const pin = (await backup.locator('p.font-mono').innerText()).trim()
  expect(pin).toMatch(/^\d{4,8}$/)
  await expect(backup).toContainText(`Here is your door code for Apt 1 entry at Pine Street Apartments: ${pin}.`)
  await backup.getByRole('button', { name: 'Copy message' }).click()
  await expect(backup.getByRole('button', { name: 'Copied' })).toBeVisible()
  const copied = await page.evaluate(() => navigator.clipboard.readText())
  expect(copied).toContain(pin)
  expect(copied).toContain('Pine Street Apartments')

  const findings = await seriousViolations(page, testInfo, 'problems page')
  expect(findings, describeFindings(findings)).toEqual([])
})

test('support works down the queue until an offline lock is back, and its problems clear without a reload', async ({
  page,
  app,
}) => {
  const lock = await app.api.device('Boathouse')
  const guest = uniqueName('Late arrival')
  const tomorrow = new Date(Date.now() + 24 * 3_600_000)
  await app.api.createCode({
    device_id: lock.device_id,
    name: guest,
    starts_at: tomorrow.toISOString(),
    ends_at: new Date(tomorrow.getTime() + 2 * 24 * 3_600_000).toISOString(),
  })
  await app.api.setOnline(lock.device_id, false)
  try {
    await page.goto(app.at('/problems'))
    // The header's count is read in the browser: once it shows, the page has come alive and the filters answer.
    await expect(
      page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Problems \(\d+/ }),
    ).toBeVisible()
    await page.getByLabel('Lock', { exact: true }).selectOption({ label: 'Boathouse' })
    await expect(page).toHaveURL(new RegExp(`device_id=${lock.device_id}`))
    // Only the Boathouse's problems are listed, once the filtered list has arrived.
    await expect(page.getByRole('article').filter({ hasNotText: 'Boathouse' })).toHaveCount(0, LIVE)
    await expect(card(page, 'Critical: Lock is offline')).toContainText('Boathouse', LIVE)
    const arrival = card(page, `Critical: Arrival at risk: ${guest}`)
    await expect(arrival).toContainText('The lock is offline', LIVE)

    // The lock page is a click away, and the way back keeps the filter.
    await arrival.getByRole('link', { name: /^Open the lock/ }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Boathouse' })).toBeVisible()
    await page.goBack()
    await expect(page.getByLabel('Lock', { exact: true })).toHaveValue(lock.device_id)

    // The lock comes back: the queue follows it live.
    const live = await markDocument(page)
    await app.api.setOnline(lock.device_id, true)
    await expect(page.getByText('Nothing matches these filters')).toBeVisible(LIVE)
    expect(await live()).toBe(true)
  } finally {
    await app.api.setOnline(lock.device_id, true)
  }
})

test('the queue reads well on a phone', async ({ page, app }) => {
  await page.setViewportSize({ width: 390, height: 844 })
  await page.goto(app.at('/problems'))
  await expect(page.getByRole('heading', { level: 1, name: 'Problems' })).toBeVisible()
  await expect(card(page, 'Critical: Arrival at risk: Okafor stay')).toBeVisible()
  // Nothing is wider than the screen.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  expect(overflow).toBeLessThanOrEqual(0)
})

test('support finds PINs set at the keypad on the lock page, makes one a Latchkey code and deletes the other', async ({
  page,
  app,
}, testInfo) => {
  const lock = await app.api.device('Front door')
  const pin = () => String(200_000 + Math.floor(Math.random() * 700_000))
  const owner = uniqueName('Owner')
  const installer = uniqueName('Installer')
  for (const name of [owner, installer]) {
    await app.api.call('/access_codes/simulate/create_unmanaged_access_code', {
      device_id: lock.device_id,
      name,
      code: pin(),
    })
  }

  await page.goto(app.at(`/devices/${lock.device_id}`))
  const section = page.getByRole('region', { name: /^On the keypad, not managed by Latchkey/ })
  await expect(section).toBeVisible()
  if (await section.getByRole('button', { name: /^Show all/ }).isVisible()) {
    await section.getByRole('button', { name: /^Show all/ }).click()
  }
  const row = (name: string) => section.getByRole('listitem').filter({ hasText: name })
  await expect(row(owner)).toContainText('Found on the keypad')
  const findings = await seriousViolations(page, testInfo, 'lock page with unmanaged codes')
  expect(findings, describeFindings(findings)).toEqual([])

  // Making it a Latchkey code changes nothing on the lock: it moves to the lock's codes.
  await row(owner)
    .getByRole('button', { name: `Manage in Latchkey (${owner})` })
    .click()
  await expect(page.getByText(`“${owner}” is a Latchkey code now`)).toBeFocused()
  await expect(row(owner)).toHaveCount(0, LIVE)
  await expect(page.getByRole('table').getByRole('link', { name: owner })).toBeVisible(LIVE)

  // Deleting it from the lock asks first.
  await row(installer)
    .getByRole('button', { name: `Delete from the lock (${installer})` })
    .click()
  const dialog = page.getByRole('dialog', { name: `Delete “${installer}” from the lock?` })
  await expect(dialog).toContainText('its PIN stops opening the door')
  await dialog.getByRole('button', { name: 'Delete from the lock' }).click()
  await expect(page.getByText(`Deleting “${installer}” from Front door`)).toBeVisible()
  await expect(row(installer)).toHaveCount(0, LIVE)
})
