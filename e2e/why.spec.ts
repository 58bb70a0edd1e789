import type { Page } from '@playwright/test'
import { expect, markDocument, test, uniqueName } from './support/app'
import { describeFindings, seriousViolations } from './support/axe'

/** The lock side answers within about a second here (SANDBOX_LATENCY_SCALE=0.2); leave room for a busy machine. */
const LIVE = { timeout: 30_000 }

/** The code page's support panel, "Does it open the door?". */
const whyPanel = (page: Page) => page.getByRole('region', { name: 'Does it open the door?' })

test('support reads why a guest’s code does not open an offline lock, and sees it work once the lock is back', async ({
  page,
  app,
}) => {
  const lock = await app.api.device('Owner closet')
  await app.api.setOnline(lock.device_id, false)
  try {
    const name = uniqueName('Late arrival')
    const created = await app.api.createCode({ device_id: lock.device_id, name })
    const pin = created.code ?? ''
    expect(pin).toMatch(/^\d+$/)
    await page.goto(app.at(`/access-codes/${created.access_code_id}`))
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible()
    const panel = whyPanel(page)
    const sameDocument = await markDocument(page)

    // The first sentence answers the question; the rest say why, what to do, and what comes next.
    await expect(panel).toContainText('Does not open', LIVE)
    await expect(panel).toContainText(
      /No: Owner closet has been offline since .* (AM|PM) M[SD]T, and the code is not on the lock yet\./,
    )
    await expect(panel.getByRole('heading', { level: 3, name: 'What to do' })).toBeVisible()
    await expect(panel.getByRole('heading', { level: 3, name: 'On the lock' })).toBeVisible()
    await expect(panel).toContainText('The lock’s keypad does not hold this code.')
    await expect(panel).toContainText(
      'Owner closet cannot be reached: Latchkey programs the code as soon as it answers',
    )

    // Back online: the panel follows the code without a reload.
    await app.api.setOnline(lock.device_id, true)
    await expect(panel).toContainText('Yes: PIN •••• opens Owner closet now.', LIVE)
    // PINs stay hidden until asked for, as everywhere on the dashboard.
    await panel.getByRole('button', { name: 'Show PINs' }).click()
    await expect(panel.getByRole('button', { name: 'Show PINs' })).toHaveAttribute('aria-pressed', 'true')
    await expect(panel).toContainText(`Yes: PIN ${pin} opens Owner closet now.`)
    await expect(panel).toContainText('Opens the door')
    // What the lock holds: the code's entry, under its name as the lock shows it.
    await expect(panel.getByText(name, { exact: true })).toBeVisible()
    expect(await sameDocument()).toBe(true)

    // The timeline holds the events and the action attempt, in the property's time.
    await panel.getByText(/^Timeline \(\d+\)/).click()
    await expect(panel.getByText('Creating the code: done on the lock.')).toBeVisible()
    await expect(panel.getByText('Owner closet is back online.')).toBeVisible()
  } finally {
    await app.api.setOnline(lock.device_id, true)
  }
})

test('support reads why housekeeping’s code fails on a full keypad, and what to do, on an accessible panel', async ({
  page,
  app,
}, testInfo) => {
  // The demo's Pine Street Apartments: Apt 2's keypad was filled in the maker's app before housekeeping got a code.
  const lock = await app.api.device('Apt 2 entry')
  const housekeeping = await app.api.codeNamed(lock.device_id, 'Housekeeping')
  await page.goto(app.at(`/access-codes/${housekeeping.access_code_id}`))
  const panel = whyPanel(page)
  await expect(panel).toContainText(
    /No: Apt 2 entry has (refused the code \d+ times in a row|not taken the code), because its keypad is full\./,
  )
  await expect(panel).toContainText(/slots are taken, \d+ of them by codes added outside Latchkey/)
  await expect(panel).toContainText('Latchkey programs the code by itself once a slot is free.')
  await expect(panel.getByRole('heading', { level: 3, name: 'What to do' })).toBeVisible()

  await panel.getByText(/^Timeline \(\d+\)/).click()
  const findings = await seriousViolations(page, testInfo, 'code page with its support panel')
  expect(findings, describeFindings(findings)).toEqual([])
})

test('support opens a deleted code still on an offline lock, from the lock and from the activity, and sees the lock let go of it', async ({
  page,
  app,
}, testInfo) => {
  const lock = await app.api.device('Unit 1A')
  const name = uniqueName('Left early')
  const created = await app.api.createCode({ device_id: lock.device_id, name })
  await expect.poll(async () => (await app.api.accessCode(created.access_code_id)).status, LIVE).toBe('set')
  await app.api.setOnline(lock.device_id, false)
  try {
    await app.api.call('/access_codes/delete', { access_code_id: created.access_code_id })

    // The lock's removals link to the code's page, which says its PIN still opens the door.
    await page.goto(app.at(`/devices/${lock.device_id}`))
    await page
      .getByRole('region', { name: /^Being removed from the lock/ })
      .getByRole('link', { name })
      .click()
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible()
    await expect(
      page.getByRole('heading', { level: 2, name: 'Deleted, and still being removed from the lock' }),
    ).toBeVisible()
    await expect(whyPanel(page)).toContainText('Still opens the door')
    const findings = await seriousViolations(page, testInfo, 'deleted code still on its lock')
    expect(findings, describeFindings(findings)).toEqual([])

    // The activity names it with a link too, and says why.
    await page.goto(app.at(`/activity?access_code_id=${created.access_code_id}`))
    const deletion = page.getByRole('listitem').filter({ hasText: '(deleted, still on the lock)' }).first()
    await deletion.getByRole('link', { name }).click()
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible()

    // Back online: the lock takes it off, the page says so without a reload, and stops asking.
    const asked: string[] = []
    page.on('request', (request) => {
      if (request.url().includes('/api/access_codes/explain')) asked.push(request.url())
    })
    const sameDocument = await markDocument(page)
    await app.api.setOnline(lock.device_id, true)
    await expect(page.getByRole('heading', { level: 2, name: 'Deleted, and now off the lock' })).toBeVisible(LIVE)
    await expect(whyPanel(page)).toContainText('No: the lock has let go of this code')
    expect(await sameDocument()).toBe(true)
    const answered = asked.length
    // The page asked every 5 seconds while the removal was held up; two more periods pass without a request.
    await page.waitForTimeout(11_000)
    expect(asked).toHaveLength(answered)
  } finally {
    await app.api.setOnline(lock.device_id, true)
  }
})
