import 'server-only'
import crypto from 'node:crypto'

// Secrets at rest (Seam API keys): AES-256-GCM under LATCHKEY_SECRET_KEY. Each token is bound to the row it belongs
// to (`context`, e.g. the workspace id, as additional authenticated data), so a ciphertext moved to another row, or
// changed by one bit, does not decrypt.

const VERSION = 'v1'
const KEY_BYTES = 32
const IV_BYTES = 12

export class SecretKeyError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SecretKeyError'
  }
}

/** LATCHKEY_SECRET_KEY as configured: 32 random bytes, base64 (`openssl rand -base64 32`). */
export function parseSecretKey(base64: string): Buffer {
  const trimmed = base64.trim()
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed))
    throw new SecretKeyError('LATCHKEY_SECRET_KEY must be base64 (openssl rand -base64 32).')
  const key = Buffer.from(trimmed, 'base64')
  if (key.length !== KEY_BYTES)
    throw new SecretKeyError(
      `LATCHKEY_SECRET_KEY must be ${KEY_BYTES} bytes once decoded, not ${key.length} (openssl rand -base64 32).`,
    )
  return key
}

export function encryptSecret(plaintext: string, key: Buffer, context: string): string {
  const iv = crypto.randomBytes(IV_BYTES)
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv)
  cipher.setAAD(Buffer.from(context, 'utf8'))
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  const tag = cipher.getAuthTag()
  return [VERSION, iv, tag, ciphertext].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.')
}

/** Throws SecretKeyError when the token was not made with this key and context, or was changed since. */
export function decryptSecret(token: string, key: Buffer, context: string): string {
  const [version, iv, tag, ciphertext, ...rest] = token.split('.')
  if (version !== VERSION || iv === undefined || tag === undefined || ciphertext === undefined || rest.length > 0)
    throw new SecretKeyError('The stored secret is not in a format this version of Latchkey reads.')
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'))
    decipher.setAAD(Buffer.from(context, 'utf8'))
    decipher.setAuthTag(Buffer.from(tag, 'base64url'))
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8')
  } catch {
    throw new SecretKeyError(
      'The stored secret does not decrypt with LATCHKEY_SECRET_KEY: the key changed, or the stored value was altered.',
    )
  }
}
