import type { Page } from '@playwright/test'
import { expect, test, uniqueName } from './support/app'
import { describeFindings, seriousViolations } from './support/axe'

/** The header's search box, on any page of the workspace. */
const searchBox = (page: Page) =>
  page.getByRole('search', { name: 'Codes and locks' }).getByRole('searchbox', { name: 'Search codes and locks' })

const codesFound = (page: Page, search: string) =>
  page.getByRole('table', { name: `Access codes matching “${search}”` })

test('support searches a guest’s name from the header, reads where and when the code is, and opens it', async ({
  page,
  app,
}, testInfo) => {
  await page.goto(app.at())
  await searchBox(page).fill('okafor')
  await searchBox(page).press('Enter')

  await expect(page).toHaveURL(/\/search\?q=okafor$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Search: “okafor”' })).toBeVisible()
  // The box keeps the search being looked at.
  await expect(searchBox(page)).toHaveValue('okafor')
  // The demo's guest arriving tomorrow at Pine Street's Apt 1, whose lock is offline.
  // Another journey may have pulled a backup for this stay: that backup's row matches the name too.
  const row = codesFound(page, 'okafor')
    .getByRole('row')
    .filter({ hasText: 'Okafor stay' })
    .filter({ hasNotText: 'Backup for' })
  await expect(row).toContainText('Apt 1 entry')
  await expect(row).toContainText('Pine Street Apartments')
  await expect(row).toContainText('America/New_York')
  await expect(row).toContainText('Upcoming')
  await expect(page.getByRole('heading', { level: 2, name: /^Locks/ })).toHaveCount(0)

  const findings = await seriousViolations(page, testInfo, 'search page')
  expect(findings, describeFindings(findings)).toEqual([])

  await row.getByRole('link', { name: 'Okafor stay', exact: true }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Okafor stay' })).toBeVisible()
})

test('a code is found by PIN digits as people type them, by its id, and by its lock’s name', async ({ page, app }) => {
  const lock = await app.api.device('Cabin side door')
  const name = uniqueName('Walk-in guest')
  const pin = String(100_000 + Math.floor(Math.random() * 900_000))
  const code = await app.api.createCode({ device_id: lock.device_id, name, code: pin })

  await page.goto(app.at())
  const spaced = `${pin.slice(0, 3)} ${pin.slice(3)}`
  await searchBox(page).fill(spaced)
  await searchBox(page).press('Enter')
  await expect(codesFound(page, spaced).getByRole('link', { name, exact: true })).toBeVisible()

  await searchBox(page).fill(code.access_code_id.slice(-12))
  await searchBox(page).press('Enter')
  const byId = codesFound(page, code.access_code_id.slice(-12))
  await expect(byId.getByRole('link', { name, exact: true })).toBeVisible()
  await expect(byId.getByRole('row')).toHaveCount(2)

  await searchBox(page).fill('cabin side')
  await searchBox(page).press('Enter')
  const locks = page.getByRole('region', { name: /^Locks/ })
  await expect(locks.getByRole('link', { name: 'Cabin side door', exact: true })).toBeVisible()
  await expect(codesFound(page, 'cabin side').getByRole('link', { name, exact: true })).toBeVisible()
  await locks.getByRole('link', { name: 'Cabin side door', exact: true }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Cabin side door' })).toBeVisible()
})

test('a code found on a keypad but not managed by Latchkey is found too, labelled Unmanaged, with its lock', async ({
  page,
  app,
}, testInfo) => {
  const lock = await app.api.device('Front door')
  const name = uniqueName('Neighbour')
  const pin = String(100_000 + Math.floor(Math.random() * 900_000))
  const { access_code: found } = await app.api.call<{ access_code: { access_code_id: string } }>(
    '/access_codes/simulate/create_unmanaged_access_code',
    { device_id: lock.device_id, name, code: pin },
  )
  try {
    await page.goto(app.at())
    await searchBox(page).fill(name)
    await searchBox(page).press('Enter')
    // Not one of Latchkey's codes…
    await expect(page.getByText('No access codes match')).toBeVisible()
    // …but on the keypad, under its own heading.
    await expect(page.getByRole('heading', { level: 2, name: 'Unmanaged codes (1)' })).toBeVisible()
    const row = page
      .getByRole('table', { name: `Unmanaged codes matching “${name}”` })
      .getByRole('row')
      .filter({
        hasText: name,
      })
    await expect(row).toContainText('Unmanaged')
    await expect(row).toContainText('Aspen Ridge Lodge')
    await expect(row.getByRole('button', { name: `Show PIN for ${name}` })).toBeVisible()

    const findings = await seriousViolations(page, testInfo, 'search page with unmanaged codes')
    expect(findings, describeFindings(findings)).toEqual([])

    // By its PIN as well; a search that finds no unmanaged code shows no such heading.
    await searchBox(page).fill(pin)
    await searchBox(page).press('Enter')
    await expect(page.getByRole('table', { name: `Unmanaged codes matching “${pin}”` })).toContainText(name)
    await searchBox(page).fill('okafor')
    await searchBox(page).press('Enter')
    await expect(codesFound(page, 'okafor')).toBeVisible()
    await expect(page.getByRole('heading', { level: 2, name: /^Unmanaged codes/ })).toHaveCount(0)

    await page.goBack()
    await page
      .getByRole('table', { name: `Unmanaged codes matching “${pin}”` })
      .getByRole('link', { name: 'Front door', exact: true })
      .click()
    await expect(page.getByRole('heading', { level: 1, name: 'Front door' })).toBeVisible()
  } finally {
    await app.api.call('/access_codes/unmanaged/delete', { access_code_id: found.access_code_id })
  }
})

test('the search box answers to the keyboard: "/" puts the cursor in it, Enter searches, nothing found says so', async ({
  page,
  app,
}) => {
  await page.goto(app.at())
  await expect(page.getByRole('region', { name: 'Lakeside Cabin' })).toBeVisible()
  // The shortcut is the header's own key listener, there once the page has hydrated: a "/" pressed before that goes
  // nowhere (nothing has focus), so press again until the box has the cursor.
  await expect(async () => {
    await page.keyboard.press('/')
    await expect(searchBox(page)).toBeFocused({ timeout: 1_000 })
  }).toPass({ timeout: 15_000 })
  await expect(searchBox(page)).toHaveValue('')
  await page.keyboard.type('nobody called this')
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { level: 1, name: 'Search: “nobody called this”' })).toBeVisible()
  await expect(page.getByText('No access codes match')).toBeVisible()
  // An empty search goes nowhere.
  await searchBox(page).fill('   ')
  await searchBox(page).press('Enter')
  await expect(page).toHaveURL(/q=nobody/)
})

test('on a phone the search box keeps most of a row and works the same', async ({ page, app }) => {
  await page.setViewportSize({ width: 390, height: 844 })
  await page.goto(app.at())
  const box = searchBox(page)
  await expect(box).toBeVisible()
  const width = (await box.boundingBox())?.width ?? 0
  expect(width).toBeGreaterThan(200)
  await box.fill('ito')
  await box.press('Enter')
  await expect(codesFound(page, 'ito').getByRole('link', { name: 'Ito stay', exact: true })).toBeVisible()
})

test('the overview filters locks by name, property and state, and puts those that need attention first', async ({
  page,
  app,
}, testInfo) => {
  await page.goto(app.at())
  const pine = page.getByRole('region', { name: 'Pine Street Apartments' })
  // Every Pine Street lock has a problem: the offline Apt 1 (critical) comes before Apt 3 (a changed PIN).
  const cards = pine.getByRole('listitem')
  await expect(cards).toHaveCount(4)
  const order = await cards.getByRole('heading', { level: 3 }).allInnerTexts()
  expect(order.indexOf('Apt 1 entry')).toBeLessThan(order.indexOf('Apt 3 entry'))

  const filters = page.getByRole('search', { name: 'Filter locks' })
  await filters.getByLabel('Lock name').fill('unit 2')
  await expect(page).toHaveURL(/lock=unit\+2/)
  await expect(page.getByRole('status').filter({ hasText: /^2 of \d+ locks match\.$/ })).toBeVisible()
  const lodge = page.getByRole('region', { name: 'Aspen Ridge Lodge' })
  await expect(lodge.getByRole('listitem')).toHaveCount(2)
  await expect(page.getByRole('region', { name: 'Lakeside Cabin' })).toHaveCount(0)

  await filters.getByLabel('Lock name').fill('')
  await filters.getByLabel('State').selectOption('offline')
  await expect(page).toHaveURL(/state=offline/)
  await expect(pine.getByRole('link', { name: 'Apt 1 entry', exact: true })).toBeVisible()
  await expect(lodge).toHaveCount(0)

  await filters.getByLabel('Property').selectOption({ label: 'Lakeside Cabin' })
  await filters.getByLabel('State').selectOption('all')
  await expect(page.getByRole('region', { name: 'Lakeside Cabin' }).getByRole('listitem')).toHaveCount(3)
  await expect(pine).toHaveCount(0)

  const findings = await seriousViolations(page, testInfo, 'overview, filtered')
  expect(findings, describeFindings(findings)).toEqual([])

  // The address keeps the filters: a reload shows the same locks.
  await page.reload()
  await expect(page.getByRole('region', { name: 'Lakeside Cabin' }).getByRole('listitem')).toHaveCount(3)
  await expect(page.getByRole('region', { name: 'Aspen Ridge Lodge' })).toHaveCount(0)
  await filters.getByRole('button', { name: 'Clear filters' }).click()
  await expect(page.getByRole('region', { name: 'Aspen Ridge Lodge' }).getByRole('listitem')).toHaveCount(8)
})
