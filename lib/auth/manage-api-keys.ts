import 'server-only'
import type { Kysely } from 'kysely'
import type { Database } from '@/lib/db/schema'
import { isUuid } from '@/lib/ids'
import type { ApiKey } from '@/lib/schemas/api-key'
import type { Clock } from '@/lib/time/clock'

// Never the key itself, which is stored only as a hash.
const summaryColumns = ['api_key_id', 'workspace_id', 'name', 'key_prefix', 'created_at', 'revoked_at'] as const

/** The workspace's keys, oldest first, revoked ones included. */
export async function listApiKeys(db: Kysely<Database>, workspaceId: string): Promise<ApiKey[]> {
  return db
    .selectFrom('api_keys')
    .select(summaryColumns)
    .where('workspace_id', '=', workspaceId)
    .orderBy('created_at')
    .orderBy('api_key_id')
    .execute()
}

export type RevokeApiKeyResult =
  { outcome: 'revoked'; api_key: ApiKey } | { outcome: 'already_revoked'; api_key: ApiKey } | { outcome: 'not_found' }

/** Revokes a key: from now on it answers 401. Revoking twice keeps the first revocation time. */
export async function revokeApiKey(db: Kysely<Database>, clock: Clock, apiKeyId: string): Promise<RevokeApiKeyResult> {
  if (!isUuid(apiKeyId)) return { outcome: 'not_found' }
  const now = clock.now().toISOString()
  const updated = await db
    .updateTable('api_keys')
    .set({ revoked_at: now })
    .where('api_key_id', '=', apiKeyId)
    .where('revoked_at', 'is', null)
    .returning(summaryColumns)
    .executeTakeFirst()
  if (updated !== undefined) return { outcome: 'revoked', api_key: updated }
  const existing = await db
    .selectFrom('api_keys')
    .select(summaryColumns)
    .where('api_key_id', '=', apiKeyId)
    .executeTakeFirst()
  return existing === undefined ? { outcome: 'not_found' } : { outcome: 'already_revoked', api_key: existing }
}
