import type { Page } from '@playwright/test'
import { expect, test, uniqueName } from './support/app'
import { describeFindings, seriousViolations } from './support/axe'

/** The lock side answers within about a second here (SANDBOX_LATENCY_SCALE=0.2); leave room for a busy machine. */
const LIVE = { timeout: 30_000 }

const checkTable = (page: Page) => page.getByRole('table', { name: 'What each lock would do with the code' })
const resultsTable = (page: Page) =>
  page.getByRole('table', { name: 'The codes created, one per lock, with their status' })
const row = (table: ReturnType<typeof checkTable>, lock: string) =>
  table.getByRole('row').filter({ has: table.page().getByRole('rowheader', { name: lock }) })

test('a manager puts one PIN on three lodge doors; the lock whose rules refuse it gets its own PIN, and every code reaches its lock', async ({
  page,
  app,
}, testInfo) => {
  // A four-digit PIN: the lodge's front and back doors take it, the Lockly owner closet takes only 6 to 8 digits.
  const pin = String(3000 + Math.floor(Math.random() * 7000))
  // Short: the Schlage back door keeps names of up to 9 characters.
  const name = uniqueName('Spa')

  await page.goto(app.at())
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Bulk codes' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Bulk codes' })).toBeVisible()

  const lodge = page.getByRole('group', { name: /^Aspen Ridge Lodge/ })
  for (const lock of ['Front door', 'Back door', 'Owner closet'])
    await lodge.getByRole('checkbox', { name: new RegExp(`^${lock}`) }).check()
  await expect(lodge.getByRole('checkbox', { name: /^All locks of Aspen Ridge Lodge/ })).not.toBeChecked()
  await page.getByLabel('Name').fill(name)
  await page.getByLabel('PIN', { exact: true }).fill(pin)
  await page.getByRole('radio', { name: /^Ongoing/ }).check()

  // "Stop and create nothing" (the default): the owner closet refuses the PIN, and nothing can be created.
  await expect(page.getByRole('radio', { name: /^Stop and create nothing/ })).toBeChecked()
  await page.getByRole('button', { name: 'Check 3 locks' }).click()
  await expect(page.getByRole('heading', { name: 'Check of 3 locks' })).toBeFocused()
  await expect(row(checkTable(page), 'Owner closet')).toContainText('Refused')
  await expect(row(checkTable(page), 'Owner closet')).toContainText(
    `PIN ${pin} must be 6 to 8 digits long on Owner closet`,
  )
  await expect(row(checkTable(page), 'Front door')).toContainText('Takes the PIN')
  await expect(page.getByText('Nothing would be created: Owner closet refuses.')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Create on 3 locks' })).toBeDisabled()

  // "Give those locks their own PIN": the check says so for the owner closet; the doors keep the PIN typed.
  await page.getByRole('radio', { name: /^Give those locks their own PIN/ }).check()
  await expect(page.getByText('The form has changed since this check')).toBeVisible()
  await page.getByRole('button', { name: 'Check 3 locks' }).click()
  await expect(page.getByText(`2 locks take PIN ${pin}; Owner closet gets a PIN of its own.`)).toBeVisible()
  await expect(row(checkTable(page), 'Owner closet')).toContainText('Own PIN')
  await expect(row(checkTable(page), 'Owner closet')).toContainText('It gets a PIN of its own instead.')
  for (const door of ['Front door', 'Back door']) await expect(row(checkTable(page), door)).toContainText(pin)

  const findings = await seriousViolations(page, testInfo, 'bulk page with its check')
  expect(findings, describeFindings(findings)).toEqual([])

  await page.getByRole('button', { name: 'Create on 3 locks' }).click()
  await expect(page.getByRole('heading', { name: 'Codes created' })).toBeFocused()
  const results = resultsTable(page)
  for (const door of ['Front door', 'Back door']) await expect(row(results, door)).toContainText(pin)
  const closetPin = (await row(results, 'Owner closet').getByRole('cell').nth(1).innerText()).trim()
  expect(closetPin).toMatch(/^\d{6,8}$/)
  expect(closetPin).not.toContain('0')

  // Live: each code reaches its lock without a reload.
  for (const lock of ['Front door', 'Back door', 'Owner closet'])
    await expect(row(results, lock)).toContainText('Set on lock', LIVE)
  await expect(page.getByRole('status').filter({ hasText: '3 codes created: 3 set on their locks.' })).toBeVisible()

  // What the page shows is what was stored, and each row leads to its code.
  const closet = await app.api.device('Owner closet')
  expect((await app.api.codeNamed(closet.device_id, name)).code).toBe(closetPin)
  await row(results, 'Owner closet').getByRole('link', { name: 'Open code on Owner closet' }).click()
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible()
})
