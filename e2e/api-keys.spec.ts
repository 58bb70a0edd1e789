import { expect, test, uniqueName } from './support/app'

test('an admin creates an API key, sees it once, revokes it, and the API refuses it from then on', async ({
  page,
  app,
  request,
}) => {
  // `request` carries no session cookie: what it is allowed to do, it is allowed by the key alone.
  const devicesWith = (token: string) =>
    request.post('/api/devices/list', { headers: { authorization: `Bearer ${token}` }, data: {} })
  const name = uniqueName('Channel manager')

  await page.goto(app.at('/settings/api-keys'))
  await expect(page.getByRole('heading', { level: 1, name: 'API keys' })).toBeVisible()
  await page.getByLabel('Key name').fill(name)
  await page.getByRole('button', { name: 'Create key' }).click()

  // Shown once, in full, with the warning that it will not be shown again.
  const newKey = page.getByRole('region', { name: `Copy your new key for “${name}” now` })
  await expect(newKey).toBeVisible()
  await expect(newKey).toContainText('You will not see it again.')
  const token = ((await newKey.getByText(/^seam_/).textContent()) ?? '').trim()
  expect(token).toMatch(/^seam_[\w-]{30,}$/)
  const answer = await devicesWith(token)
  expect(answer.status(), await answer.text()).toBe(200)

  await newKey.getByRole('button', { name: 'I have saved the key' }).click()
  await expect(newKey).toBeHidden()
  const row = page.getByRole('row').filter({ hasText: name })
  await expect(row).toContainText('Active')
  await expect(row).toContainText(`${token.slice(0, 10)}…`)
  await expect(page.getByText(token)).toHaveCount(0)
  // Nor after a reload: only the prefix is ever shown again.
  await page.reload()
  await expect(row).toContainText('Active')
  expect(await page.content()).not.toContain(token)

  // Cancelling keeps the key working.
  const revokeButton = row.getByRole('button', { name: `Revoke key “${name}”` })
  const dialog = page.getByRole('dialog', { name: `Revoke “${name}”?` })
  await revokeButton.click()
  await expect(dialog).toContainText(token.slice(0, 10))
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await expect(dialog).toBeHidden()
  expect((await devicesWith(token)).status()).toBe(200)

  await revokeButton.click()
  await dialog.getByRole('button', { name: 'Revoke key' }).click()
  await expect(dialog).toBeHidden()
  await expect(page.getByText(`Revoked “${name}”. Requests made with it are now refused.`)).toBeVisible()
  await expect(row).toContainText('Revoked')
  await expect(revokeButton).toHaveCount(0)

  const refused = await devicesWith(token)
  expect(refused.status()).toBe(401)
  expect(((await refused.json()) as { error: { type: string } }).error.type).toBe('unauthorized')
})
