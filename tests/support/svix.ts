import crypto from 'node:crypto'

/** A webhook secret as Seam (Svix) gives one: `whsec_` and 24 random bytes, base64. */
export const newWebhookSecret = (): string => `whsec_${crypto.randomBytes(24).toString('base64')}`

/** The svix-* headers Seam sends with `body`, signed with `secret` at `at` (as Svix signs: v1, HMAC-SHA256). */
export function svixHeaders(
  secret: string,
  body: string,
  at: Date,
  id = `msg_${crypto.randomBytes(8).toString('hex')}`,
): Record<string, string> {
  const timestamp = String(Math.floor(at.getTime() / 1000))
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64')
  const signature = crypto.createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')
  return { 'svix-id': id, 'svix-timestamp': timestamp, 'svix-signature': `v1,${signature}` }
}
