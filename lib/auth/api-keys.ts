import 'server-only'
import { createHash, randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import { prepared } from '@/lib/db/prepared'
import type { Database } from '@/lib/db/schema'
import { newId } from '@/lib/ids'
import type { Clock } from '@/lib/time/clock'

// The SDK refuses keys that do not start with `seam_`.
export const API_KEY_PREFIX = 'seam_'

// Keys carry 192 random bits, so a fast hash is enough: nobody can guess a preimage, and lookups stay cheap.
export const hashApiKey = (key: string): string => createHash('sha256').update(key).digest('hex')

/** Prefixes the seam SDK reads as other kinds of token (access tokens, client sessions, publishable keys). */
const SDK_RESERVED_PREFIXES = ['seam_at', 'seam_cst', 'seam_pk'] as const

/**
 * A fresh key: `seam_` and 192 random bits. The SDK refuses an API key that starts like another kind of token (one
 * draw in about 2,000 would), so such a draw is thrown away.
 */
export function newApiKeyToken(random: (size: number) => Buffer = randomBytes): string {
  for (;;) {
    const key = `${API_KEY_PREFIX}${random(24).toString('base64url')}`
    if (!SDK_RESERVED_PREFIXES.some((prefix) => key.startsWith(prefix))) return key
  }
}

export interface CreatedApiKey {
  api_key_id: string
  api_key: string
  key_prefix: string
}

/** Creates a key for the workspace. The full key is returned here, once; only its hash is stored. */
export async function createApiKey(
  db: Kysely<Database>,
  clock: Clock,
  workspaceId: string,
  name = 'API key',
): Promise<CreatedApiKey> {
  const apiKey = newApiKeyToken()
  const row = {
    api_key_id: newId(),
    workspace_id: workspaceId,
    name,
    key_hash: hashApiKey(apiKey),
    key_prefix: apiKey.slice(0, 10),
    created_at: clock.now().toISOString(),
    revoked_at: null,
  }
  await db.insertInto('api_keys').values(row).execute()
  return { api_key_id: row.api_key_id, api_key: apiKey, key_prefix: row.key_prefix }
}

/** The workspace a key belongs to, or undefined for an unknown or revoked key. */
const workspaceOfKeyHash = prepared((db, p: { keyHash: string }) =>
  db.selectFrom('api_keys').select(['workspace_id']).where('key_hash', '=', p.keyHash).where('revoked_at', 'is', null),
)

export async function workspaceForApiKey(db: Kysely<Database>, apiKey: string): Promise<string | undefined> {
  if (!apiKey.startsWith(API_KEY_PREFIX)) return undefined
  const { rows } = await workspaceOfKeyHash(db, { keyHash: hashApiKey(apiKey) })
  return rows[0]?.workspace_id
}
