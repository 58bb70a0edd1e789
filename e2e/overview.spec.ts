import { DEMO_WORKSPACE, expect, test } from './support/app'

const demoProperties = [
  {
    name: 'Aspen Ridge Lodge',
    zone: 'America/Denver',
    locks: ['Front door', 'Back door', 'Garage', 'Unit 1A', 'Unit 1B', 'Unit 2A', 'Unit 2B', 'Owner closet'],
  },
  { name: 'Lakeside Cabin', zone: 'Europe/Lisbon', locks: ['Cabin front door', 'Cabin side door', 'Boathouse'] },
]
// The demo takes the cabin's side door offline the day before a guest's check-in (a stay with a problem to show).
const offlineLocks = ['Cabin side door']

test('the overview shows each demo property with its locks, and a lock opens onto its codes', async ({ page, app }) => {
  await page.goto(app.at())
  await expect(page.getByRole('heading', { level: 1, name: DEMO_WORKSPACE })).toBeVisible()

  for (const property of demoProperties) {
    const section = page.getByRole('region', { name: property.name })
    await expect(section.getByRole('heading', { level: 2, name: property.name })).toBeVisible()
    await expect(section).toContainText(property.zone)
    await expect(section).toContainText(`${property.locks.length} locks`)
    await expect(section.getByRole('listitem')).toHaveCount(property.locks.length)
    for (const lock of property.locks) {
      const card = section.getByRole('listitem').filter({ has: page.getByRole('link', { name: lock, exact: true }) })
      await expect(card).toBeVisible()
      const state = offlineLocks.includes(lock) ? 'Offline' : 'Online'
      await expect(card.getByText(state, { exact: true })).toBeVisible()
    }
  }

  // The lodge's front door has the seeded codes: the cleaner's and two stays.
  await page
    .getByRole('region', { name: 'Aspen Ridge Lodge' })
    .getByRole('link', { name: 'Front door', exact: true })
    .click()
  await expect(page.getByRole('heading', { level: 1, name: 'Front door' })).toBeVisible()
  const codes = page.getByRole('table', { name: /Access codes on Front door/ })
  for (const name of ['Cleaner', 'Ramirez family stay', 'Chen stay']) {
    await expect(codes.getByRole('link', { name, exact: true })).toBeVisible()
  }
})
