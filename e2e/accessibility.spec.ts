import type { Page } from '@playwright/test'
import { expect, signIn, test, type SignedIn } from './support/app'
import { describeFindings, seriousViolations } from './support/axe'

/**
 * Every page of the dashboard, scanned by axe for WCAG 2 A/AA problems as a signed-in property manager sees it.
 * Serious and critical findings fail the journey; the full results are attached to the report.
 */

interface PageUnderTest {
  name: string
  /** Opens the page and waits until it shows what it is for. */
  open(page: Page, app: SignedIn): Promise<void>
}

async function codeNamed(app: SignedIn, lock: string, name: string): Promise<string> {
  const device = await app.api.device(lock)
  return (await app.api.codeNamed(device.device_id, name)).access_code_id
}

const pages: PageUnderTest[] = [
  {
    name: 'overview',
    async open(page, app) {
      await page.goto(app.at())
      await expect(page.getByRole('region', { name: 'Lakeside Cabin' })).toBeVisible()
    },
  },
  {
    name: 'lock page',
    async open(page, app) {
      const lock = await app.api.device('Front door')
      await page.goto(app.at(`/devices/${lock.device_id}`))
      await expect(page.getByRole('table', { name: /Access codes on Front door/ })).toBeVisible()
    },
  },
  {
    name: 'new-code form, time-bound',
    async open(page, app) {
      const lock = await app.api.device('Front door')
      await page.goto(app.at(`/devices/${lock.device_id}/codes/new`))
      await page.getByRole('radio', { name: /^Time-bound/ }).check()
      await expect(page.getByLabel(/Check-in/)).toBeVisible()
    },
  },
  {
    name: 'new-code form, with field errors',
    async open(page, app) {
      const lock = await app.api.device('Front door')
      await page.goto(app.at(`/devices/${lock.device_id}/codes/new`))
      await page.getByLabel('PIN', { exact: true }).fill('12')
      await page.getByRole('button', { name: 'Create access code' }).click()
      await expect(page.getByLabel('PIN', { exact: true })).toHaveAttribute('aria-invalid', 'true')
    },
  },
  {
    name: 'code page',
    async open(page, app) {
      await page.goto(app.at(`/access-codes/${await codeNamed(app, 'Front door', 'Chen stay')}`))
      await expect(page.getByRole('button', { name: 'Pull backup code' })).toBeVisible()
    },
  },
  {
    name: 'edit page',
    async open(page, app) {
      await page.goto(app.at(`/access-codes/${await codeNamed(app, 'Front door', 'Chen stay')}/edit`))
      await expect(page.getByRole('button', { name: 'Save changes' })).toBeVisible()
    },
  },
  {
    name: 'delete dialog',
    async open(page, app) {
      const lock = await app.api.device('Cabin front door')
      await page.goto(app.at(`/devices/${lock.device_id}`))
      await page.getByRole('button', { name: 'Delete Caretaker' }).click()
      await expect(page.getByRole('dialog', { name: 'Delete “Caretaker”?' })).toBeVisible()
    },
  },
  {
    name: 'API keys',
    async open(page, app) {
      await page.goto(app.at('/settings/api-keys'))
      await expect(page.getByRole('heading', { level: 1, name: 'API keys' })).toBeVisible()
      await expect(page.getByRole('button', { name: 'Create key' })).toBeVisible()
      await expect(page.getByText(/active keys?$/)).toBeVisible()
    },
  },
  {
    name: 'Seam workspace settings',
    async open(page, app) {
      await page.goto(app.at('/settings/seam'))
      await expect(page.getByRole('heading', { level: 1, name: 'Seam workspace' })).toBeVisible()
      // The connection has loaded: the connect form before the Seam journey connects the demo workspace, its
      // status after (both are scanned the same way).
      await expect(page.getByText('Loading the Seam connection…')).toHaveCount(0)
      await expect(page.getByLabel('Seam API key')).toBeVisible()
    },
  },
]

test.describe('accessibility (axe, WCAG 2 A and AA): no serious or critical violations', () => {
  test('sign-in page', async ({ page }, testInfo) => {
    await page.goto('/sign-in')
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible()
    const findings = await seriousViolations(page, testInfo, 'sign-in')
    expect(findings, describeFindings(findings)).toEqual([])
  })

  for (const pageUnderTest of pages) {
    test(pageUnderTest.name, async ({ page }, testInfo) => {
      const app = await signIn(page)
      await pageUnderTest.open(page, app)
      const findings = await seriousViolations(page, testInfo, pageUnderTest.name)
      expect(findings, describeFindings(findings)).toEqual([])
    })
  }
})
