import 'server-only'
import { parseSecretKey, SecretKeyError } from '@/lib/seam/secret-box'

/**
 * LATCHKEY_SECRET_KEY, read when a Seam key is first stored or used (env.ts has validated its shape at start-up).
 * Tests and tools may pass a key explicitly instead.
 */
export function configuredSecretKey(source: NodeJS.ProcessEnv = process.env): Buffer {
  const value = source.LATCHKEY_SECRET_KEY
  if (value === undefined || value.trim() === '')
    throw new SecretKeyError(
      'LATCHKEY_SECRET_KEY is not set: Latchkey needs it to store and use Seam API keys (openssl rand -base64 32).',
    )
  return parseSecretKey(value)
}
