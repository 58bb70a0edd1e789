import 'server-only'
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely'
import type { Database } from '@/lib/db/schema'
import * as initial from '@/lib/db/migrations/0001-initial'
import * as lockSide from '@/lib/db/migrations/0002-lock-side'
import * as users from '@/lib/db/migrations/0003-users'
import * as lockOperations from '@/lib/db/migrations/0004-lock-operations'
import * as codeLookupIndexes from '@/lib/db/migrations/0004-code-lookup-indexes'
import * as liveBackupsIndex from '@/lib/db/migrations/0005-live-backups-index'
import * as pendingActionAttempts from '@/lib/db/migrations/0006-pending-action-attempts'
import * as sandboxFaults from '@/lib/db/migrations/0007-sandbox-faults'
import * as waitingCodesPinIndex from '@/lib/db/migrations/0008-waiting-codes-pin-index'
import * as deviceReportedIssues from '@/lib/db/migrations/0009-device-reported-issues'
import * as stays from '@/lib/db/migrations/0010-stays'
import * as rateLimits from '@/lib/db/migrations/0011-rate-limits'
import * as eventsWithoutPins from '@/lib/db/migrations/0012-events-without-pins'
import * as seamConnections from '@/lib/db/migrations/0013-seam-connections'
import * as seamWebhooks from '@/lib/db/migrations/0014-seam-webhooks'
import * as deviceNameByManager from '@/lib/db/migrations/0015-device-name-by-manager'
import * as accessCodeRowVersion from '@/lib/db/migrations/0016-access-code-row-version'
import * as partialCodeLookupIndexes from '@/lib/db/migrations/0017-partial-code-lookup-indexes'
import * as rowVersionOnVisibleChange from '@/lib/db/migrations/0018-row-version-on-visible-change'
import * as oneLivePinIndex from '@/lib/db/migrations/0019-one-live-pin-index'

// Listed here, not read from disk, so the bundled server and the CLI run the same migrations.
export const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-lock-side': lockSide,
  '0003-users': users,
  '0004-lock-operations': lockOperations,
  '0004-code-lookup-indexes': codeLookupIndexes,
  '0005-live-backups-index': liveBackupsIndex,
  '0006-pending-action-attempts': pendingActionAttempts,
  '0007-sandbox-faults': sandboxFaults,
  '0008-waiting-codes-pin-index': waitingCodesPinIndex,
  '0009-device-reported-issues': deviceReportedIssues,
  '0010-stays': stays,
  '0011-rate-limits': rateLimits,
  '0012-events-without-pins': eventsWithoutPins,
  '0013-seam-connections': seamConnections,
  '0014-seam-webhooks': seamWebhooks,
  '0015-device-name-by-manager': deviceNameByManager,
  '0016-access-code-row-version': accessCodeRowVersion,
  '0017-partial-code-lookup-indexes': partialCodeLookupIndexes,
  '0018-row-version-on-visible-change': rowVersionOnVisibleChange,
  '0019-one-live-pin-index': oneLivePinIndex,
}

const provider: MigrationProvider = { getMigrations: async () => migrations }

/**
 * `schema` names the PostgreSQL schema the store lives in. Kysely looks for its migration tables in every schema
 * unless told which one, so without it a second store in the same database (another schema) is taken for this one.
 */
export async function migrateToLatest(db: Kysely<Database>, schema?: string): Promise<void> {
  const migrator = new Migrator({ db, provider, ...(schema === undefined ? {} : { migrationTableSchema: schema }) })
  const { error, results } = await migrator.migrateToLatest()
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown'
    throw new Error(`database migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`)
  }
}
