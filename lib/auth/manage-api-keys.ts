import type { Kysely } from 'kysely'
import type { Database } from '@/lib/db/schema'
import { isUuid } from '@/lib/ids'
import type { Clock } from '@/lib/time/clock'

/** What may be shown about a key after its creation: never the key itself, which is stored only as a hash. */
export interface ApiKeySummary {
  api_key_id: string
  workspace_id: string
  name: string
  key_prefix: string
  created_at: string
  revoked_at: string | null
}

const summaryColumns = ['api_key_id', 'workspace_id', 'name', 'key_prefix', 'created_at', 'revoked_at'] as const

/** The workspace's keys, oldest first, revoked ones included. */
export async function listApiKeys(db: Kysely<Database>, workspaceId: string): Promise<ApiKeySummary[]> {
  return db
    .selectFrom('api_keys')
    .select(summaryColumns)
    .where('workspace_id', '=', workspaceId)
    .orderBy('created_at')
    .orderBy('api_key_id')
    .execute()
}

export type RevokeApiKeyResult =
  | { outcome: 'revoked'; api_key: ApiKeySummary }
  | { outcome: 'already_revoked'; api_key: ApiKeySummary }
  | { outcome: 'not_found' }

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
