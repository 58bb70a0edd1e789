import 'server-only'
import type { Kysely } from 'kysely'
import type { SeamHttp } from 'seam'
import type { ServiceContext } from '@/lib/context'
import { parseEnv } from '@/lib/config/env'
import type { Database } from '@/lib/db/schema'
import { inTransaction } from '@/lib/db/transaction'
import { DomainError, invalidInput } from '@/lib/errors/domain-error'
import { recordEvents } from '@/lib/events/record-event'
import { endpointAddressRefusal, judgeEndpoint } from '@/lib/seam/endpoint-policy'
import { classifySeamError, createSeamClient, DEFAULT_SEAM_ENDPOINT, type SeamFailure } from '@/lib/seam/seam-client'
import { decryptSecret, encryptSecret, SecretKeyError } from '@/lib/seam/secret-box'
import { configuredSecretKey } from '@/lib/seam/secret-key'
import { seamDb, type SeamConnectionsTable } from '@/lib/seam/seam-tables'
import { requestSync } from '@/lib/sync/sync-jobs'
import type { Clock } from '@/lib/time/clock'

/** A connection as the API and the settings page show it: never the key, only its last four characters. */
export interface SeamConnectionView {
  endpoint: string
  api_key_last4: string
  seam_workspace_id: string | null
  seam_workspace_name: string | null
  status: SeamConnectionsTable['status']
  last_error: string | null
  last_synced_at: string | null
  locks_imported: number
  webhook_secret_set: boolean
  created_at: string
}

/** A workspace's connection, with a client for its Seam workspace. */
export interface SeamConnection {
  workspaceId: string
  endpoint: string
  status: SeamConnectionsTable['status']
  nextSyncAt: string | null
  consecutiveFailures: number
  seam: SeamHttp
}

/** The context a webhook secret is encrypted under: its workspace, and what it is (never taken for the API key). */
export const webhookSecretContext = (workspaceId: string): string => `${workspaceId}:seam-webhook-secret`

const SYNC_BACKOFF_BASE_MS = 5_000
const SYNC_BACKOFF_MAX_MS = 15 * 60_000

/** The endpoint as stored, once the policy allows it (https, loopback or SEAM_ALLOWED_ENDPOINTS; never link-local). */
function normaliseEndpoint(endpoint: string | undefined, allowedOrigins: readonly string[]): string {
  const value = (endpoint ?? DEFAULT_SEAM_ENDPOINT).trim().replace(/\/+$/, '')
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw invalidInput({ endpoint: ['must be an http:// or https:// URL'] })
  }
  const { refusal } = judgeEndpoint(url, allowedOrigins)
  if (refusal !== undefined) throw invalidInput({ endpoint: [refusal] })
  return value
}

/**
 * Connects the workspace to a Seam workspace: checks the key with Seam (workspaces/get), stores it encrypted, and
 * imports the locks (lib/seam/sync-locks.ts). A key Seam refuses, or an endpoint that does not answer, is refused
 * with the field named. Connecting again replaces the key (a rotated key).
 */
export async function connectSeam(
  ctx: ServiceContext,
  input: { api_key: string; endpoint?: string | undefined; webhook_secret?: string | undefined },
  options: {
    secretKey?: Buffer
    sync: (ctx: ServiceContext) => Promise<unknown>
    /** SEAM_ALLOWED_ENDPOINTS unless given. */
    allowedOrigins?: readonly string[]
  },
): Promise<SeamConnectionView> {
  const allowedOrigins = options.allowedOrigins ?? parseEnv().SEAM_ALLOWED_ENDPOINTS
  const endpoint = normaliseEndpoint(input.endpoint, allowedOrigins)
  const apiKey = input.api_key.trim()
  if (!apiKey.startsWith('seam_')) throw invalidInput({ api_key: ['must be a Seam API key (it starts with seam_)'] })
  const secretKey = options.secretKey ?? keyOrRefuse()
  let seamWorkspace: { workspace_id: string; name: string }
  try {
    seamWorkspace = await (await createSeamClient(apiKey, endpoint, { allowedOrigins })).workspaces.get()
  } catch (error) {
    const refusedAddress = endpointAddressRefusal(error)
    if (refusedAddress !== undefined) throw invalidInput({ endpoint: [refusedAddress] })
    const failure = classifySeamError(error, ctx.clock.now())
    if (failure === undefined) throw error
    throw refusalOf(failure, endpoint)
  }
  const now = ctx.clock.now().toISOString()
  const db = seamDb(ctx.db)
  const row = {
    endpoint,
    api_key_ciphertext: encryptSecret(apiKey, secretKey, ctx.workspaceId),
    key_last4: apiKey.slice(-4),
    seam_workspace_id: seamWorkspace.workspace_id,
    seam_workspace_name: seamWorkspace.name,
    status: 'connected' as const,
    last_error: null,
    next_sync_at: now,
    consecutive_failures: 0,
    updated_at: now,
    // A new key without a new webhook secret keeps the one stored.
    ...(input.webhook_secret === undefined
      ? {}
      : {
          webhook_secret_ciphertext: encryptSecret(
            input.webhook_secret,
            secretKey,
            webhookSecretContext(ctx.workspaceId),
          ),
        }),
  }
  await db
    .insertInto('seam_connections')
    .values({
      webhook_secret_ciphertext: null,
      ...row,
      workspace_id: ctx.workspaceId,
      last_synced_at: null,
      created_at: now,
    })
    .onConflict((oc) => oc.column('workspace_id').doUpdateSet(row))
    .execute()
  // The locks come now; should Seam fail meanwhile, the connection says so and the poll tries again.
  await options.sync(ctx)
  const view = await seamConnectionStatus(ctx)
  if (view === null) throw new Error('the Seam connection vanished while it was being made')
  return view
}

function keyOrRefuse(): Buffer {
  try {
    return configuredSecretKey()
  } catch (error) {
    if (error instanceof SecretKeyError) throw new DomainError('forbidden', error.message)
    throw error
  }
}

function refusalOf(failure: SeamFailure, endpoint: string): DomainError {
  switch (failure.kind) {
    case 'unauthorized':
      return invalidInput({ api_key: ['Seam refused this API key (401): check that it is current and complete.'] })
    case 'unreachable':
      return invalidInput({ endpoint: [`Seam could not be reached at ${endpoint}: ${failure.message}`] })
    case 'rate_limited':
      return invalidInput({
        '': [`Seam is rate limiting this key; try again in ${Math.ceil(failure.retryAfterMs / 1000)} s.`],
      })
    case 'not_found':
    case 'refused':
      return invalidInput({ api_key: [`Seam refused this API key: ${failure.message}`] })
  }
}

/**
 * Forgets the key. The workspace's Seam locks stay listed, their accounts shown disconnected: their codes turn
 * `unknown` with account_disconnected until the workspace is connected again, and nothing is lost meanwhile.
 */
export async function disconnectSeam(ctx: ServiceContext): Promise<{ disconnected: boolean }> {
  return inTransaction(ctx.db, async (trx) => {
    const result = await seamDb(trx)
      .deleteFrom('seam_connections')
      .where('workspace_id', '=', ctx.workspaceId)
      .executeTakeFirst()
    if (Number(result.numDeletedRows) === 0) return { disconnected: false }
    await setSeamAccountsConnected(trx, ctx.clock, ctx.workspaceId, false)
    return { disconnected: true }
  })
}

export async function seamConnectionStatus(ctx: ServiceContext): Promise<SeamConnectionView | null> {
  const db = seamDb(ctx.db)
  const row = await db
    .selectFrom('seam_connections')
    .selectAll()
    .where('workspace_id', '=', ctx.workspaceId)
    .executeTakeFirst()
  if (row === undefined) return null
  const locks = await db
    .selectFrom('seam_objects')
    .innerJoin('devices', 'devices.device_id', 'seam_objects.latchkey_id')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('seam_objects.workspace_id', '=', ctx.workspaceId)
    .where('seam_objects.object_type', '=', 'device')
    .where('devices.removed_at', 'is', null)
    .executeTakeFirstOrThrow()
  return {
    endpoint: row.endpoint,
    api_key_last4: row.key_last4,
    seam_workspace_id: row.seam_workspace_id,
    seam_workspace_name: row.seam_workspace_name,
    status: row.status,
    last_error: row.last_error,
    last_synced_at: row.last_synced_at,
    locks_imported: Number(locks.count),
    webhook_secret_set: row.webhook_secret_ciphertext !== null,
    created_at: row.created_at,
  }
}

/** The workspace's connection with a client, or undefined when it has none. The key is decrypted here only. */
export async function loadSeamConnection(
  db: Kysely<Database>,
  workspaceId: string,
  secretKey: Buffer,
): Promise<SeamConnection | undefined> {
  const row = await seamDb(db)
    .selectFrom('seam_connections')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirst()
  if (row === undefined) return undefined
  const apiKey = decryptSecret(row.api_key_ciphertext, secretKey, workspaceId)
  return {
    workspaceId,
    endpoint: row.endpoint,
    status: row.status,
    nextSyncAt: row.next_sync_at,
    consecutiveFailures: row.consecutive_failures,
    seam: await createSeamClient(apiKey, row.endpoint),
  }
}

/** Workspaces with a Seam connection (the poll's list). */
export async function connectedWorkspaces(db: Kysely<Database>): Promise<string[]> {
  const rows = await seamDb(db).selectFrom('seam_connections').select('workspace_id').execute()
  return rows.map((r) => r.workspace_id)
}

/**
 * What Seam's last answer means for the connection. A refused key shows on the connection and turns the workspace's
 * Seam accounts disconnected (their locks' codes show account_disconnected) until a new key is connected; the other
 * failures show on the connection and push its next sync back (Retry-After for a 429, doubling otherwise).
 */
export async function recordSeamFailure(
  db: Kysely<Database>,
  clock: Clock,
  workspaceId: string,
  failure: SeamFailure,
): Promise<void> {
  const now = clock.now()
  await inTransaction(db, async (trx) => {
    const sdb = seamDb(trx)
    const row = await sdb
      .selectFrom('seam_connections')
      .select(['status', 'consecutive_failures'])
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirst()
    if (row === undefined) return
    const failures = row.consecutive_failures + 1
    const wait =
      failure.kind === 'rate_limited'
        ? failure.retryAfterMs
        : Math.min(SYNC_BACKOFF_BASE_MS * 2 ** (failures - 1), SYNC_BACKOFF_MAX_MS)
    const status =
      failure.kind === 'unauthorized'
        ? 'unauthorized'
        : failure.kind === 'rate_limited'
          ? 'rate_limited'
          : 'unreachable'
    await sdb
      .updateTable('seam_connections')
      .set({
        status,
        last_error: failure.message,
        consecutive_failures: failures,
        next_sync_at: new Date(now.getTime() + wait).toISOString(),
        updated_at: now.toISOString(),
      })
      .where('workspace_id', '=', workspaceId)
      .execute()
    if (failure.kind === 'unauthorized' && row.status !== 'unauthorized')
      await setSeamAccountsConnected(trx, clock, workspaceId, false)
  })
}

/** Seam answered: the connection is well again (its accounts are set from Seam's by the next lock sync). */
export async function recordSeamSuccess(
  db: Kysely<Database>,
  clock: Clock,
  workspaceId: string,
  synced: boolean,
  nextSyncAt: Date | null,
): Promise<void> {
  const now = clock.now().toISOString()
  let update = seamDb(db)
    .updateTable('seam_connections')
    .set({
      status: 'connected',
      last_error: null,
      consecutive_failures: 0,
      ...(synced ? { last_synced_at: now } : {}),
      ...(nextSyncAt === null ? {} : { next_sync_at: nextSyncAt.toISOString() }),
      updated_at: now,
    })
    .where('workspace_id', '=', workspaceId)
  // A read that finds all well (the usual case) writes nothing.
  if (!synced && nextSyncAt === null) update = update.where('status', '!=', 'connected')
  await update.execute()
}

/** Turns the workspace's Seam accounts connected or not, with their events, and asks their locks for a pass. */
export async function setSeamAccountsConnected(
  db: Kysely<Database>,
  clock: Clock,
  workspaceId: string,
  connected: boolean,
  only?: readonly string[],
): Promise<void> {
  const sdb = seamDb(db)
  let query = sdb
    .selectFrom('seam_objects')
    .innerJoin('connected_accounts', 'connected_accounts.connected_account_id', 'seam_objects.latchkey_id')
    .select(['connected_accounts.connected_account_id', 'connected_accounts.is_connected'])
    .where('seam_objects.workspace_id', '=', workspaceId)
    .where('seam_objects.object_type', '=', 'connected_account')
  if (only !== undefined) {
    if (only.length === 0) return
    query = query.where('connected_accounts.connected_account_id', 'in', [...only])
  }
  const changing = (await query.execute()).filter((a) => (a.is_connected === 1) !== connected)
  if (changing.length === 0) return
  const ids = changing.map((a) => a.connected_account_id)
  await db
    .updateTable('connected_accounts')
    .set({ is_connected: connected ? 1 : 0 })
    .where('connected_account_id', 'in', ids)
    .execute()
  await recordEvents(
    db,
    clock,
    ids.map((id) => ({
      workspaceId,
      eventType: connected ? 'connected_account.connected' : 'connected_account.disconnected',
      connectedAccountId: id,
    })),
  )
  const devices = await db
    .selectFrom('devices')
    .select('device_id')
    .where('connected_account_id', 'in', ids)
    .where('removed_at', 'is', null)
    .execute()
  await requestSync(
    db,
    devices.map((d) => d.device_id),
    clock.now(),
  )
}
