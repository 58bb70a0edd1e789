import type { Locator, Page } from '@playwright/test'
import type { Stay, StayWriteResponse } from '@/lib/schemas/stay'
import { expect, markDocument, test, uniqueName, type SignedIn } from './support/app'
import { describeFindings, seriousViolations } from './support/axe'

/** The lock side answers within about a second here (SANDBOX_LATENCY_SCALE=0.2); leave room for a busy machine. */
const LIVE = { timeout: 30_000 }
const HOUR = 3_600_000
/** Always in the future; July is daylight time in Denver (UTC−6) and Lisbon (UTC+1). */
const nextYear = new Date().getUTCFullYear() + 1

/** An instant as a CSV or the API takes it, to the minute (as a person types times). */
const iso = (ms: number): string => new Date(Math.floor(ms / 60_000) * 60_000).toISOString().replace('.000Z', 'Z')

/** The stay page's doors table, and one door's row in it, found by its lock's link. */
const doorsTable = (page: Page): Locator => page.getByRole('table', { name: 'Doors of the stay and their codes' })
const doorRow = (page: Page, lock: string): Locator =>
  doorsTable(page)
    .getByRole('row')
    .filter({ has: page.getByRole('link', { name: lock, exact: true }) })

/** A stay made through the API (the scene of a journey), in progress since an hour ago so its codes go on at once. */
async function createStay(app: SignedIn, guest: string, locks: string[], hours = 48): Promise<Stay> {
  const devices = await Promise.all(locks.map((name) => app.api.device(name)))
  const answer = await app.api.call<StayWriteResponse>('/stays/create', {
    reservation_key: uniqueName('E2E'),
    guest_name: guest,
    device_ids: devices.map((d) => d.device_id),
    check_in: iso(Date.now() - HOUR),
    check_out: iso(Date.now() + hours * HOUR),
  })
  if (answer.stay === null) throw new Error('the stay was not created')
  return answer.stay
}

const getStay = async (app: SignedIn, stayId: string): Promise<Stay> =>
  (await app.api.call<{ stay: Stay }>('/stays/get', { stay_id: stayId })).stay

test('a CSV of stays is previewed row by row, imported, and the new stay’s doors reach “Set on lock”', async ({
  page,
  app,
}, testInfo) => {
  const key = uniqueName('CSV').replace(' ', '-')
  const guest = uniqueName('Imported guest')
  const doors = ['Back door', 'Unit 1A', 'Garage']
  const csv = [
    'Reservation_Key,guest_name,property,locks,check_in,check_out,code,notes',
    `${key},${guest},Aspen Ridge Lodge,${doors.join(';')},${iso(Date.now() - HOUR)},${iso(Date.now() + 72 * HOUR)},,first visit`,
    `${key}-X,Nobody,Nowhere Inn,Front door,${iso(Date.now() + 24 * HOUR)},${iso(Date.now() + 48 * HOUR)},,`,
  ].join('\r\n')

  await page.goto(app.at())
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Stays' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Stays' })).toBeVisible()
  const listFindings = await seriousViolations(page, testInfo, 'stays list')
  expect(listFindings, describeFindings(listFindings)).toEqual([])
  await page.getByRole('link', { name: 'Import CSV' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Import stays from a CSV file' })).toBeVisible()
  await expect(page.getByRole('link', { name: /Download the example file/ })).toHaveAttribute(
    'href',
    '/examples/stays.csv',
  )

  await page.getByLabel('Or paste the file’s text').fill(csv)
  await page.getByRole('button', { name: 'Preview', exact: true }).click()
  const preview = page.getByRole('table', { name: 'The rows of the file and what the import would do with each' })
  await expect(page.getByRole('status').filter({ hasText: '1 stay will be created.' })).toContainText(
    '1 row has errors and will be skipped.',
  )
  await expect(preview.getByRole('row').filter({ hasText: key }).first()).toContainText('Will be created')
  const bad = preview.getByRole('row').filter({ hasText: `${key}-X` })
  await expect(bad).toContainText('Will be skipped')
  await expect(bad).toContainText('Property not found')
  await expect(bad).toContainText('Nowhere Inn')
  // The problems by kind filter the rows.
  await page.getByRole('button', { name: /Property not found/ }).click()
  await expect(preview.getByRole('row')).toHaveCount(2) // the header and the one row
  await page.getByLabel('Show', { exact: true }).selectOption('all')
  await expect(preview.getByRole('row')).toHaveCount(3)
  const previewFindings = await seriousViolations(page, testInfo, 'import preview')
  expect(previewFindings, describeFindings(previewFindings)).toEqual([])
  // Nothing is written by a preview.
  const before = await app.api.call<{ stays: Stay[] }>('/stays/list', { search: key })
  expect(before.stays).toEqual([])

  await page.getByRole('button', { name: 'Import 1 stay' }).click()
  await expect(page.getByRole('heading', { name: 'Import done' })).toBeVisible()
  await expect(page.getByText('Created 1 stay. 1 row was skipped for errors.')).toBeVisible()
  await page.getByRole('link', { name: key, exact: true }).click()

  await expect(page.getByRole('heading', { level: 1, name: guest })).toBeVisible()
  const sameDocument = await markDocument(page)
  for (const door of doors) await expect(doorRow(page, door)).toContainText('Set on lock', LIVE)
  await expect(page.getByRole('status').filter({ hasText: /doors are ready/ })).toContainText(
    'All 3 doors are ready.',
    LIVE,
  )
  expect(await sameDocument(), 'the doors reached their locks without a reload').toBe(true)

  // The import is idempotent: the same file again changes nothing.
  const again = await app.api.call<{ summary: Record<string, number> }>('/stays/import', { csv, dry_run: true })
  expect(again.summary).toEqual({ create: 0, update: 0, unchanged: 1, error: 1 })

  const findings = await seriousViolations(page, testInfo, 'stay page')
  expect(findings, describeFindings(findings)).toEqual([])
})

test('a late checkout is previewed door by door, then moves every door together', async ({ page, app }) => {
  const guest = uniqueName('Late checkout')
  const doors = ['Front door', 'Unit 2A', 'Unit 2B']
  const stay = await createStay(app, guest, doors)
  const newCheckOut = new Date(Date.parse(stay.check_out) + 2 * HOUR).toISOString()

  await page.goto(app.at('/stays'))
  await page.getByLabel('Guest or reservation').fill(guest)
  await page.getByRole('button', { name: 'Search', exact: true }).click()
  await page.getByRole('link', { name: guest, exact: true }).click()
  await expect(page.getByRole('heading', { level: 1, name: guest })).toBeVisible()
  for (const door of doors) await expect(doorRow(page, door)).toContainText('Set on lock', LIVE)

  await page.getByRole('button', { name: 'Check out 2 hours later' }).click()
  await page.getByRole('button', { name: 'Preview the new times' }).click()
  const preview = page.getByRole('region', { name: 'Preview' })
  await expect(preview).toContainText('3 doors change.')
  for (const door of doors) {
    await expect(preview.getByRole('row').filter({ hasText: door })).toContainText('Code changes')
  }
  // A preview changes nothing.
  expect((await getStay(app, stay.stay_id)).check_out).toBe(stay.check_out)

  await preview.getByRole('button', { name: 'Move all 3 doors' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Sent to the locks' })).toContainText('3 doors change.')
  const moved = await getStay(app, stay.stay_id)
  expect(moved.check_out).toBe(newCheckOut)
  expect(moved.access_codes).toHaveLength(3)
  for (const code of moved.access_codes) expect(code.ends_at).toBe(newCheckOut)
  // The header shows the new check-out on the property's clock, and every door is back on its lock.
  const local = new Intl.DateTimeFormat('en-US', {
    timeZone: 'America/Denver',
    hour: 'numeric',
    minute: '2-digit',
  }).format(new Date(newCheckOut))
  await expect(page.locator(`time[datetime="${newCheckOut}"]`).first()).toContainText(local)
  for (const door of doors) await expect(doorRow(page, door)).toContainText('Set on lock', LIVE)
})

test('a cancelled stay takes its PIN off every door: the doors go to removing, then gone', async ({ page, app }) => {
  const guest = uniqueName('Cancelled guest')
  const doors = ['Back door', 'Unit 1B']
  const stay = await createStay(app, guest, doors, 24)

  await page.goto(app.at(`/stays/${stay.stay_id}`))
  await expect(page.getByRole('heading', { level: 1, name: guest })).toBeVisible()
  for (const door of doors) await expect(doorRow(page, door)).not.toContainText('No code', LIVE)

  await page.getByRole('button', { name: 'Cancel stay' }).click()
  const dialog = page.getByRole('dialog', { name: `Cancel the stay of ${guest}?` })
  await expect(dialog).toContainText('Every door’s PIN will be removed from its lock')
  for (const door of doors) await expect(dialog.getByRole('listitem').filter({ hasText: door })).toBeVisible()
  await dialog.getByRole('button', { name: 'Yes, cancel the stay' }).click()
  await expect(dialog).toBeHidden()

  await expect(page.getByRole('status').filter({ hasText: /^Cancelled/ })).toBeVisible()
  await expect(page.getByText(stay.reservation_key).first()).toBeVisible()
  // Each door shows its code coming off (or already off), and ends with none left on the lock.
  for (const door of doors) {
    await expect(doorRow(page, door)).toContainText(/Removing from lock…|Removed from lock/)
    await expect(doorRow(page, door)).toContainText('Removed from lock', LIVE)
  }
  await expect(page.getByRole('button', { name: 'Cancel stay' })).toHaveCount(0)
  await expect(page.getByRole('heading', { name: 'Change this stay' })).toHaveCount(0)

  const cancelled = await getStay(app, stay.stay_id)
  expect(cancelled.status).toBe('cancelled')
  expect(cancelled.access_codes).toEqual([])
  for (const deviceId of stay.device_ids) {
    const removals = await app.api.call<{ access_codes: { access_code_id: string }[] }>(
      '/access_codes/pending_removals/list',
      { device_id: deviceId },
    )
    const ids = new Set(stay.access_codes.map((c) => c.access_code_id))
    expect(removals.access_codes.filter((c) => ids.has(c.access_code_id))).toEqual([])
  }
})

test('a new stay is checked field by field, previewed on every door, then created', async ({ page, app }, testInfo) => {
  const guest = uniqueName('New guest')
  const key = uniqueName('NEW').replace(' ', '-')
  await page.goto(app.at('/stays'))
  await page.getByRole('link', { name: 'New stay' }).click()
  await expect(page.getByRole('heading', { name: 'New stay' })).toBeVisible()

  await page.getByRole('button', { name: 'Preview the stay' }).click()
  await expect(page.getByText('Choose at least one door.')).toBeVisible()
  await expect(page.getByLabel('Guest', { exact: true })).toHaveAttribute('aria-invalid', 'true')
  const findings = await seriousViolations(page, testInfo, 'new stay with field errors')
  expect(findings, describeFindings(findings)).toEqual([])

  await page.getByLabel('Property').selectOption({ label: 'Aspen Ridge Lodge' })
  await page.getByRole('checkbox', { name: 'Owner closet' }).check()
  await page.getByText('Doors at other properties').click()
  await page.getByRole('checkbox', { name: /^Cabin front door/ }).check()
  await page.getByLabel('Guest', { exact: true }).fill(guest)
  await page.getByLabel('Reservation key').fill(key)
  // Typed on Denver's clock, whatever the browser's zone (Tokyo here).
  await page.getByLabel(/^Check-in \(America\/Denver/).fill(`${nextYear}-07-10T16:00`)
  await page.getByLabel(/^Check-out \(America\/Denver/).fill(`${nextYear}-07-12T11:00`)
  await page.getByRole('button', { name: 'Preview the stay' }).click()

  const preview = page.getByRole('region', { name: 'Preview' })
  await expect(preview).toContainText('2 doors get the code.')
  const cabin = preview.getByRole('row').filter({ hasText: 'Cabin front door' })
  // The cabin keeps Lisbon time: its door shows its own local times too (16:00 in Denver is 23:00 in Lisbon).
  await expect(cabin).toContainText('At the lock (Europe/Lisbon)')
  await expect(cabin).toContainText('11:00 PM')
  expect((await app.api.call<{ stays: Stay[] }>('/stays/list', { search: key })).stays).toEqual([])

  await preview.getByRole('button', { name: 'Create the stay on 2 doors' }).click()
  await expect(page.getByRole('heading', { level: 1, name: guest })).toBeVisible()
  const created = (await app.api.call<{ stay: Stay }>('/stays/get', { reservation_key: key })).stay
  expect(created.check_in).toBe(`${nextYear}-07-10T22:00:00.000Z`)
  expect(created.code).toMatch(/^\d{4,8}$/)
  for (const code of created.access_codes) expect(code.code).toBe(created.code)
})
