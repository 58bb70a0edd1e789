import crypto from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { decryptSecret, encryptSecret, parseSecretKey, SecretKeyError } from '@/lib/seam/secret-box'

const key = crypto.randomBytes(32)
const secret = 'seam_live_abcdefghijklmnop'

describe('secret box (AES-256-GCM under LATCHKEY_SECRET_KEY)', () => {
  it('gives the secret back with the same key and context, and never holds it in clear', () => {
    const token = encryptSecret(secret, key, 'workspace-1')
    expect(token).not.toContain(secret)
    expect(decryptSecret(token, key, 'workspace-1')).toBe(secret)
    // A fresh IV each time: the same secret never gives the same token.
    expect(encryptSecret(secret, key, 'workspace-1')).not.toBe(token)
  })

  it('refuses another key', () => {
    const token = encryptSecret(secret, key, 'workspace-1')
    expect(() => decryptSecret(token, crypto.randomBytes(32), 'workspace-1')).toThrow(SecretKeyError)
  })

  it('refuses a token moved to another workspace', () => {
    const token = encryptSecret(secret, key, 'workspace-1')
    expect(() => decryptSecret(token, key, 'workspace-2')).toThrow(SecretKeyError)
  })

  it('refuses a tampered token, whichever part was changed', () => {
    const token = encryptSecret(secret, key, 'workspace-1')
    const parts = token.split('.')
    for (const index of [1, 2, 3]) {
      const changed = [...parts]
      const bytes = Buffer.from(changed[index] ?? '', 'base64url')
      bytes[0] = (bytes[0] ?? 0) ^ 1
      changed[index] = bytes.toString('base64url')
      expect(() => decryptSecret(changed.join('.'), key, 'workspace-1')).toThrow(SecretKeyError)
    }
    expect(() => decryptSecret(`v2.${parts.slice(1).join('.')}`, key, 'workspace-1')).toThrow(SecretKeyError)
    expect(() => decryptSecret('garbage', key, 'workspace-1')).toThrow(SecretKeyError)
  })

  it('takes only 32 bytes of base64 as the key', () => {
    expect(parseSecretKey(key.toString('base64'))).toEqual(key)
    expect(() => parseSecretKey(crypto.randomBytes(16).toString('base64'))).toThrow(/32 bytes/)
    expect(() => parseSecretKey('not base64 at all!')).toThrow(/base64/)
  })
})
