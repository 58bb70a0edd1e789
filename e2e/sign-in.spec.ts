import { DEMO_EMAIL, DEMO_PASSWORD, DEMO_WORKSPACE, expect, test } from './support/app'

test('a property manager signs in with the demo credentials, is refused a wrong password, and signs out', async ({
  page,
}) => {
  // Signed out, the dashboard sends you to sign in.
  await page.goto('/')
  await expect(page).toHaveURL(/\/sign-in$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in to Latchkey' })).toBeVisible()

  const email = page.getByLabel('Email')
  const password = page.getByLabel('Password')
  const signInButton = page.getByRole('button', { name: 'Sign in' })

  await email.fill(DEMO_EMAIL)
  await password.fill('not-the-demo-password')
  await signInButton.click()
  await expect(page.getByRole('alert').filter({ hasText: 'Wrong email or password.' })).toBeVisible()
  await expect(page).toHaveURL(/\/sign-in$/)

  await password.fill(DEMO_PASSWORD)
  await signInButton.click()
  await expect(page).toHaveURL(/\/w\/[0-9a-f-]{36}$/)
  await expect(page.getByRole('heading', { level: 1, name: DEMO_WORKSPACE })).toBeVisible()
  // Who is signed in: the header's account link says (its text is the email only on very wide screens).
  await expect(page.getByRole('link', { name: 'Account' })).toHaveAttribute(
    'title',
    `Your account: signed in as ${DEMO_EMAIL}`,
  )
  const workspaceUrl = page.url()

  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page).toHaveURL(/\/sign-in$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in to Latchkey' })).toBeVisible()

  // The session is really over: the workspace is closed again, to the page and to the API.
  await page.goto(workspaceUrl)
  await expect(page).toHaveURL(/\/sign-in$/)
  const session = await page.request.get('/api/auth/session')
  expect(session.status()).toBe(401)
})
