import { CLIENT_HEADER } from '@/lib/shared/request-headers'
import { accessCodeIdFrom, expect, test, uniqueName } from './support/app'

// A member of the workspace (scripts/e2e-server.sh makes one) sees PINs masked: Reveal shows one, and the activity
// page records who revealed which code. Admins (the demo user) see PINs as they are.
const MEMBER_EMAIL = 'member@latchkey.test'
const MEMBER_PASSWORD = process.env.MEMBER_PASSWORD ?? 'e2e-member-password'

test('a member sees a PIN only after Reveal, and the reveal is on the activity page', async ({ app, browser }) => {
  const lock = await app.api.device('Unit 2A')
  const name = uniqueName('Guest')
  const created = await app.api.createCode({ device_id: lock.device_id, name })
  const pin = created.code
  if (pin === null || pin === undefined) throw new Error('the server did not generate a PIN')

  // The admin (the demo user) is sent the PIN itself.
  expect(pin).toMatch(/^\d{4,8}$/)

  const memberContext = await browser.newContext()
  try {
    const member = await memberContext.newPage()
    const signIn = await member.request.post('/api/auth/sign_in', {
      data: { email: MEMBER_EMAIL, password: MEMBER_PASSWORD },
      headers: { [CLIENT_HEADER]: 'dashboard' },
    })
    expect(signIn.status(), await signIn.text()).toBe(200)

    await member.goto(app.at(`/devices/${lock.device_id}`))
    const row = member.getByRole('row').filter({ has: member.getByRole('link', { name, exact: true }) })
    await expect(row).toContainText('PIN hidden')
    await expect(member.getByText(pin, { exact: true })).toHaveCount(0)

    await row.getByRole('button', { name: `Reveal PIN for ${name}` }).click()
    await expect(row.getByText(pin, { exact: true })).toBeVisible()

    // The code page names the code; its id is in the URL.
    await row.getByRole('link', { name, exact: true }).click()
    await expect(member.getByRole('heading', { level: 1, name })).toBeVisible()
    expect(accessCodeIdFrom(member)).toBe(created.access_code_id)

    await member.goto(app.at('/activity'))
    await expect(member.getByText(`PIN revealed to ${MEMBER_EMAIL}`).first()).toBeVisible()
  } finally {
    await memberContext.close()
  }
})
