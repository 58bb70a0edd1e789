import type { Page } from '@playwright/test'
import { accessCodeIdFrom, expect, markDocument, test, uniqueName, type SignedIn } from './support/app'

/** The lock side answers within about a second here (SANDBOX_LATENCY_SCALE=0.2); leave room for a busy machine. */
const REACHES_LOCK = { timeout: 20_000 }

/** Always in the future, and far from any DST change: December is MST (UTC−7), July is MDT (UTC−6) in Denver. */
const nextYear = new Date().getUTCFullYear() + 1

/** The badge and sentence at the top of a code page, which follow the code live. */
const codeStatus = (page: Page) => page.getByRole('status').filter({ hasText: /on lock|on the lock|Scheduled|Waiting/ })

async function openNewCodeForm(page: Page, app: SignedIn, property: string, lock: string): Promise<void> {
  await page.goto(app.at())
  await page.getByRole('region', { name: property }).getByRole('link', { name: lock, exact: true }).click()
  await expect(page.getByRole('heading', { level: 1, name: lock })).toBeVisible()
  await page.getByRole('link', { name: 'New access code' }).first().click()
  await expect(page.getByRole('heading', { level: 1, name: `New access code on ${lock}` })).toBeVisible()
  await expect(page.getByLabel('Name', { exact: true })).toBeEditable()
}

test('an ongoing code, created with a generated PIN, goes from "Setting" to "Set on lock" without a reload', async ({
  page,
  app,
}) => {
  const lockName = 'Unit 1A'
  const name = uniqueName('Cleaner')
  // The lock turns down its first attempt, and Latchkey retries a few seconds later: long enough to see the code on
  // its way, so the journey watches the change happen instead of finding it done on arrival.
  const lock = await app.api.device(lockName)
  await app.api.call('/devices/simulate/fail_next_operations', { device_id: lock.device_id, set: 1 })

  await openNewCodeForm(page, app, 'Aspen Ridge Lodge', lockName)
  await page.getByLabel('Name', { exact: true }).fill(name)
  const pin = page.getByLabel('PIN', { exact: true })
  await page.getByRole('button', { name: 'Generate' }).click()
  await expect(pin).toHaveValue(/^\d{4,8}$/)
  const generated = await pin.inputValue()
  const when = page.getByRole('group', { name: 'When does it work?' })
  await expect(when.getByRole('radio', { name: /^Ongoing/ })).toBeChecked()
  await page.getByRole('button', { name: 'Create access code' }).click()

  await expect(page).toHaveURL(/\/access-codes\/[0-9a-f-]{36}$/)
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible()
  const sameDocument = await markDocument(page)
  await expect(codeStatus(page)).toContainText('Setting on lock…')
  await expect(codeStatus(page)).toContainText('Set on lock', REACHES_LOCK)
  await expect(codeStatus(page)).toContainText('The lock has this code; the PIN opens the door.')
  expect(await sameDocument(), 'the status changed without reloading the page').toBe(true)

  // The PIN is masked until asked for.
  await expect(page.getByText(generated, { exact: true })).toHaveCount(0)
  await page.getByRole('button', { name: `Show PIN for ${name}` }).click()
  await expect(page.getByText(generated, { exact: true })).toBeVisible()

  // Back on the lock, the row says the same.
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: lockName }).click()
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) })
  await expect(row).toContainText('Ongoing')
  await expect(row).toContainText('Set on lock')
  expect(await sameDocument(), 'the lock page opened without a full page load').toBe(true)
})

test('a time-bound code is entered in the property’s time zone, not the browser’s, and stored as UTC', async ({
  page,
  app,
}) => {
  expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe('Asia/Tokyo')
  const name = uniqueName('Guest Okafor')
  await openNewCodeForm(page, app, 'Aspen Ridge Lodge', 'Front door')

  await page.getByLabel('Name', { exact: true }).fill(name)
  await page.getByRole('button', { name: 'Generate' }).click()
  await expect(page.getByLabel('PIN', { exact: true })).toHaveValue(/^\d{4,8}$/)
  await page.getByRole('radio', { name: /^Time-bound/ }).check()
  await page.getByLabel(/Check-in/).fill(`${nextYear}-12-20T16:00`)
  await page.getByLabel(/Check-out/).fill(`${nextYear}-12-27T11:00`)
  // The labels name the zone, with its winter abbreviation for these dates.
  await expect(page.getByLabel('Check-in (America/Denver, MST)')).toHaveValue(`${nextYear}-12-20T16:00`)
  await expect(page.getByLabel('Check-out (America/Denver, MST)')).toHaveValue(`${nextYear}-12-27T11:00`)
  await page.getByRole('button', { name: 'Create access code' }).click()

  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible()
  await expect(
    page.getByText(new RegExp(`Dec 20, ${nextYear}, 4:00\\sPM MST → .*Dec 27, ${nextYear}, 11:00\\sAM MST`)),
  ).toBeVisible()

  // 16:00 in Denver in December is 23:00 UTC; 11:00 is 18:00 UTC. (In Tokyo it would have been 07:00 UTC.)
  const stored = await app.api.accessCode(accessCodeIdFrom(page))
  expect(stored.type).toBe('time_bound')
  expect(stored.starts_at).toBe(`${nextYear}-12-20T23:00:00.000Z`)
  expect(stored.ends_at).toBe(`${nextYear}-12-27T18:00:00.000Z`)
})

test('a PIN the lock cannot take is refused on the PIN field, by the browser and by the server', async ({
  page,
  app,
}) => {
  const pin = page.getByLabel('PIN', { exact: true })
  const create = page.getByRole('button', { name: 'Create access code' })

  // Too short for the front door (4 to 8 digits).
  await openNewCodeForm(page, app, 'Aspen Ridge Lodge', 'Front door')
  const newCodeUrl = page.url()
  await page.getByLabel('Name', { exact: true }).fill(uniqueName('Short PIN'))
  await pin.fill('12')
  await create.click()
  await expect(pin).toHaveAttribute('aria-invalid', 'true')
  await expect(pin).toHaveAccessibleDescription('Must be 4 to 8 digits long on this lock (got 2).')
  await expect(page.getByRole('alert').filter({ hasText: 'Must be 4 to 8 digits long on this lock' })).toBeVisible()

  // Already held by the seeded cleaner's code on this lock: only the server knows, and its answer lands on the field.
  await pin.fill('2580')
  await create.click()
  await expect(pin).toHaveAccessibleDescription(/PIN 2580 is already used on Front door by access code "Cleaner"/)
  expect(page.url()).toBe(newCodeUrl)

  // The owner closet's Lockly takes no 0 digit.
  await openNewCodeForm(page, app, 'Aspen Ridge Lodge', 'Owner closet')
  await page.getByLabel('Name', { exact: true }).fill(uniqueName('Owner'))
  await pin.fill('135790')
  await create.click()
  await expect(pin).toHaveAttribute('aria-invalid', 'true')
  await expect(pin).toHaveAccessibleDescription('Must not contain the digit 0 on this lock.')

  // Fixing the PIN clears the error and the code is created.
  await pin.fill('135792')
  await expect(pin).not.toHaveAttribute('aria-invalid', 'true')
  await create.click()
  await expect(page).toHaveURL(/\/access-codes\/[0-9a-f-]{36}$/)
})

test('changing a stay’s dates shows the new schedule in the property’s time', async ({ page, app }) => {
  const lock = await app.api.device('Unit 1A')
  const name = uniqueName('Guest Lindqvist')
  const created = await app.api.createCode({
    device_id: lock.device_id,
    name,
    starts_at: `${nextYear}-12-20T23:00:00.000Z`,
    ends_at: `${nextYear}-12-23T18:00:00.000Z`,
  })

  await page.goto(app.at(`/access-codes/${created.access_code_id}`))
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible()
  await expect(page.getByText(new RegExp(`Dec 20, ${nextYear}, 4:00\\sPM MST`))).toBeVisible()

  await page.getByRole('link', { name: 'Edit' }).click()
  await expect(page.getByRole('heading', { level: 1, name: `Edit “${name}”` })).toBeVisible()
  // The form opens on the stored times, as Denver wall-clock times.
  await expect(page.getByLabel(/Check-in/)).toHaveValue(`${nextYear}-12-20T16:00`)
  await expect(page.getByLabel(/Check-out/)).toHaveValue(`${nextYear}-12-23T11:00`)

  // A summer stay instead: Denver is on MDT then, and the labels say so.
  await page.getByLabel(/Check-in/).fill(`${nextYear}-07-13T15:30`)
  await page.getByLabel(/Check-out/).fill(`${nextYear}-07-16T10:00`)
  await expect(page.getByLabel('Check-in (America/Denver, MDT)')).toBeVisible()
  await expect(page.getByLabel('Check-out (America/Denver, MDT)')).toBeVisible()
  await page.getByRole('button', { name: 'Save changes' }).click()

  await expect(page).toHaveURL(new RegExp(`/access-codes/${created.access_code_id}$`))
  await expect(
    page.getByText(new RegExp(`Jul 13, ${nextYear}, 3:30\\sPM MDT → .*Jul 16, ${nextYear}, 10:00\\sAM MDT`)),
  ).toBeVisible()
  const stored = await app.api.accessCode(created.access_code_id)
  expect(stored.starts_at).toBe(`${nextYear}-07-13T21:30:00.000Z`)
  expect(stored.ends_at).toBe(`${nextYear}-07-16T16:00:00.000Z`)

  // The lock's table shows the new dates too (with the year, as it is not this year's).
  await page.goto(app.at(`/devices/${lock.device_id}`))
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) })
  await expect(row).toContainText(new RegExp(`Jul 13, ${nextYear}, 3:30\\sPM`))
  await expect(row).toContainText(new RegExp(`Jul 16, ${nextYear}, 10:00\\sAM`))
})

test('deleting a code asks first, naming it, then the code leaves the lock', async ({ page, app }) => {
  const lock = await app.api.device('Unit 2A')
  const fromTable = uniqueName('Dog walker')
  const fromCodePage = uniqueName('Plumber')
  const pendingRemovalIds = async (): Promise<string[]> =>
    (
      await app.api.call<{ access_codes: { access_code_id: string }[] }>('/access_codes/pending_removals/list', {
        device_id: lock.device_id,
      })
    ).access_codes.map((c) => c.access_code_id)
  await app.api.createCode({ device_id: lock.device_id, name: fromTable })
  const second = await app.api.createCode({ device_id: lock.device_id, name: fromCodePage })

  await page.goto(app.at(`/devices/${lock.device_id}`))
  const table = page.getByRole('table', { name: /Access codes on Unit 2A/ })
  const row = table.getByRole('row').filter({ has: page.getByRole('link', { name: fromTable, exact: true }) })
  await expect(row).toContainText('Set on lock', REACHES_LOCK)

  // Cancelling keeps the code.
  await row.getByRole('button', { name: `Delete ${fromTable}` }).click()
  const dialog = page.getByRole('dialog', { name: `Delete “${fromTable}”?` })
  await expect(dialog).toBeVisible()
  await expect(dialog).toContainText('Unit 2A')
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await expect(dialog).toBeHidden()
  await expect(row).toBeVisible()

  // Confirming takes it out of the table at once. The lock turns down the first removal, so the code waits under
  // "Being removed from the lock" (its PIN may still open the door) until Latchkey's retry takes it off the keypad.
  const removed = await app.api.codeNamed(lock.device_id, fromTable)
  await app.api.call('/devices/simulate/fail_next_operations', { device_id: lock.device_id, remove: 1 })
  await row.getByRole('button', { name: `Delete ${fromTable}` }).click()
  await expect(dialog).toBeVisible()
  await dialog.getByRole('button', { name: 'Delete code' }).click()
  await expect(dialog).toBeHidden()
  await expect(row).toHaveCount(0)
  const beingRemoved = page.getByRole('region', { name: /Being removed from the lock/ })
  await expect(beingRemoved).toBeVisible()
  await expect(beingRemoved.getByRole('link', { name: fromTable, exact: true })).toBeVisible()
  expect(await pendingRemovalIds()).toContain(removed.access_code_id)
  await expect(beingRemoved).toBeHidden(REACHES_LOCK)
  await expect(page.getByText(fromTable, { exact: true })).toHaveCount(0)
  expect(await pendingRemovalIds()).not.toContain(removed.access_code_id)
  await expect(table.getByRole('link', { name: fromCodePage, exact: true })).toBeVisible()

  // From the code page: the same question, then back to the lock without it.
  await page.goto(app.at(`/access-codes/${second.access_code_id}`))
  await expect(page.getByRole('heading', { level: 1, name: fromCodePage })).toBeVisible()
  await page.getByRole('button', { name: 'Delete', exact: true }).click()
  const codePageDialog = page.getByRole('dialog', { name: `Delete “${fromCodePage}”?` })
  await expect(codePageDialog).toContainText('Unit 2A')
  await codePageDialog.getByRole('button', { name: 'Delete code' }).click()
  await expect(page).toHaveURL(new RegExp(`/devices/${lock.device_id}$`))
  await expect(page.getByRole('link', { name: fromCodePage, exact: true })).toHaveCount(0)
  await expect(page.getByText(fromCodePage, { exact: true })).toHaveCount(0, REACHES_LOCK)

  // The lock has let go of both: nothing of them is left to remove.
  await expect
    .poll(
      async () =>
        (await pendingRemovalIds()).filter((id) => [removed.access_code_id, second.access_code_id].includes(id)),
      REACHES_LOCK,
    )
    .toEqual([])
  const { access_codes: left } = await app.api.call<{ access_codes: { name: string | null }[] }>('/access_codes/list', {
    device_id: lock.device_id,
  })
  expect(left.map((c) => c.name)).not.toContain(fromTable)
  expect(left.map((c) => c.name)).not.toContain(fromCodePage)
})
