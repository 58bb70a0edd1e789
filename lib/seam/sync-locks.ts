import 'server-only'
import type { Kysely } from 'kysely'
import type { ConnectedAccount, Device } from 'seam'
import type { Database } from '@/lib/db/schema'
import { inTransaction } from '@/lib/db/transaction'
import { toBool } from '@/lib/db/values'
import { recordEvent } from '@/lib/events/record-event'
import { newId } from '@/lib/ids'
import { codeConstraint, type CodeConstraint } from '@/lib/schemas/device'
import {
  loadSeamConnection,
  recordSeamFailure,
  recordSeamSuccess,
  setSeamAccountsConnected,
} from '@/lib/seam/connections'
import { classifySeamError, type SeamFailure } from '@/lib/seam/seam-client'
import { seamDb, type SeamObjectType } from '@/lib/seam/seam-tables'
import { requestSync } from '@/lib/sync/sync-jobs'
import type { Clock } from '@/lib/time/clock'

export interface SyncLocksOutcome {
  /** Seam answered and the locks are in step; otherwise why not. */
  failure?: SeamFailure
  added: number
  updated: number
  removed: number
}

/** Seam's devices that can hold PIN codes Latchkey sends: those it manages (offline-only locks are not, yet). */
export const holdsAccessCodes = (device: Device): boolean =>
  device.can_program_online_access_codes !== false &&
  ((device.capabilities_supported ?? []).includes('access_code') || device.can_program_online_access_codes === true)

/** What Latchkey keeps of a Seam lock: its brand, model, state and code rules, as Seam reports them. */
export function lockFieldsOf(device: Device) {
  const p = device.properties as {
    name?: string
    online: boolean
    model: { display_name?: string; manufacturer_display_name?: string }
    battery?: { level?: number }
    supported_code_lengths?: number[]
    max_active_codes_supported?: number
    code_constraints?: unknown[]
    battery_level?: number
    manufacturer?: string
  }
  const brand = device.device_type.replace(/_lock$/, '')
  const constraints = (p.code_constraints ?? []).flatMap((c): CodeConstraint[] => {
    const parsed = codeConstraint.safeParse(c)
    return parsed.success ? [parsed.data] : []
  })
  const lengths = (p.supported_code_lengths ?? []).filter((n) => Number.isInteger(n) && n > 0)
  return {
    provider: brand,
    device_type: device.device_type,
    display_name: (device.display_name || p.name || 'Seam lock').slice(0, 200),
    manufacturer: p.model.manufacturer_display_name || p.manufacturer || brand,
    model_name: p.model.display_name || '',
    online: toBool(p.online),
    battery_level: p.battery?.level ?? p.battery_level ?? null,
    // What Seam does not say is not refused here: Seam itself checks the code against the lock.
    supported_code_lengths: JSON.stringify(lengths.length > 0 ? lengths : [4, 5, 6, 7, 8]),
    max_active_codes_supported: p.max_active_codes_supported ?? 250,
    code_constraints: JSON.stringify(constraints),
  }
}

const timezoneOf = (device: Device): string => {
  const zone = (device as Device & { location?: { timezone?: string | null } | null }).location?.timezone
  if (typeof zone === 'string' && zone !== '') {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone })
      return zone
    } catch {
      // Not a zone this runtime knows: the default property takes the lock.
    }
  }
  return 'UTC'
}

const accountIsConnected = (account: ConnectedAccount): boolean =>
  !((account.errors ?? []) as { error_code: string }[]).some(
    (e) => e.error_code === 'account_disconnected' || e.error_code === 'invalid_credentials',
  )

/**
 * Brings the workspace's Seam locks in step with its Seam workspace: accounts and locks that can hold access codes
 * are added (each in the property of its time zone, "Seam — <zone>", made on first need; a manager may move it after,
 * and no sync moves it back), renamed (unless the manager named it) and updated
 * (brand, model, online, battery, code rules), and removed when Seam no longer has them. A failure to reach Seam
 * shows on the connection; nothing is changed then.
 */
export async function syncSeamLocks(
  db: Kysely<Database>,
  clock: Clock,
  workspaceId: string,
  secretKey: Buffer,
  options: { nextSyncAt?: Date } = {},
): Promise<SyncLocksOutcome> {
  const connection = await loadSeamConnection(db, workspaceId, secretKey)
  if (connection === undefined) return { added: 0, updated: 0, removed: 0 }
  let accounts: ConnectedAccount[]
  let devices: Device[]
  try {
    accounts = await connection.seam.connectedAccounts.list()
    devices = (await connection.seam.devices.list()).filter(holdsAccessCodes)
  } catch (error) {
    const failure = classifySeamError(error, clock.now())
    if (failure === undefined) throw error
    await recordSeamFailure(db, clock, workspaceId, failure)
    return { failure, added: 0, updated: 0, removed: 0 }
  }
  const outcome = await inTransaction(db, (trx) => applySeamLocks(trx, clock, workspaceId, accounts, devices))
  await recordSeamSuccess(db, clock, workspaceId, true, options.nextSyncAt ?? null)
  return outcome
}

async function applySeamLocks(
  db: Kysely<Database>,
  clock: Clock,
  workspaceId: string,
  accounts: readonly ConnectedAccount[],
  devices: readonly Device[],
): Promise<SyncLocksOutcome> {
  const sdb = seamDb(db)
  const now = clock.now()
  const links = await sdb.selectFrom('seam_objects').selectAll().where('workspace_id', '=', workspaceId).execute()
  const linked = (type: SeamObjectType, seamId: string): string | undefined =>
    links.find((l) => l.object_type === type && l.seam_id === seamId)?.latchkey_id
  const link = async (type: SeamObjectType, seamId: string, latchkeyId: string): Promise<void> => {
    await sdb
      .insertInto('seam_objects')
      .values({ latchkey_id: latchkeyId, workspace_id: workspaceId, object_type: type, seam_id: seamId })
      .execute()
    links.push({ latchkey_id: latchkeyId, workspace_id: workspaceId, object_type: type, seam_id: seamId })
  }

  // Accounts: one Latchkey account per Seam connected account, connected as Seam says.
  const accountIds = new Map<string, string>()
  const reconnect: string[] = []
  const disconnect: string[] = []
  for (const account of accounts) {
    let id = linked('connected_account', account.connected_account_id)
    if (id === undefined) {
      id = newId()
      await db
        .insertInto('connected_accounts')
        .values({
          connected_account_id: id,
          workspace_id: workspaceId,
          provider: account.provider ?? 'seam',
          is_connected: toBool(accountIsConnected(account)),
          created_at: now.toISOString(),
        })
        .execute()
      await link('connected_account', account.connected_account_id, id)
    } else (accountIsConnected(account) ? reconnect : disconnect).push(id)
    accountIds.set(account.connected_account_id, id)
  }
  await setSeamAccountsConnected(db, clock, workspaceId, true, reconnect)
  await setSeamAccountsConnected(db, clock, workspaceId, false, disconnect)

  const existing = await db
    .selectFrom('devices')
    .select(['device_id', 'display_name', 'online', 'removed_at', 'connected_account_id', 'name_set_by_manager'])
    .where('workspace_id', '=', workspaceId)
    .where(
      'device_id',
      'in',
      links
        .filter((l) => l.object_type === 'device')
        .map((l) => l.latchkey_id)
        .concat(['']),
    )
    .execute()
  const byId = new Map(existing.map((d) => [d.device_id, d]))
  const seen = new Set<string>()
  const touched: string[] = []
  let added = 0
  let updated = 0
  for (const device of devices) {
    const accountId = accountIds.get(device.connected_account_id)
    if (accountId === undefined) continue
    const fields = lockFieldsOf(device)
    const id = linked('device', device.device_id)
    const current = id === undefined ? undefined : byId.get(id)
    if (id !== undefined && current !== undefined) {
      seen.add(id)
      // A name the manager gave the lock here (/devices/update) stays; its property is never changed by a sync.
      const { display_name, ...rest } = fields
      const named = Number(current.name_set_by_manager) === 1 ? rest : { ...rest, display_name }
      await db
        .updateTable('devices')
        .set({ ...named, connected_account_id: accountId, removed_at: null })
        .where('device_id', '=', id)
        .execute()
      if (current.online !== fields.online || current.removed_at !== null) {
        await recordEvent(db, clock, {
          workspaceId,
          eventType:
            current.removed_at !== null
              ? 'device.added'
              : fields.online === 1
                ? 'device.connected'
                : 'device.disconnected',
          deviceId: id,
          connectedAccountId: accountId,
        })
        touched.push(id)
      }
      updated++
      continue
    }
    const deviceId = newId()
    const propertyId = await propertyFor(db, clock, workspaceId, timezoneOf(device), linked, link)
    await db
      .insertInto('devices')
      .values({
        ...fields,
        device_id: deviceId,
        workspace_id: workspaceId,
        property_id: propertyId,
        connected_account_id: accountId,
        is_sandbox: 0,
        supports_backup_access_code_pool: 0,
        backup_pool_size: 0,
        can_program_online_access_codes: 1,
        can_program_offline_access_codes: 0,
        // Seam holds each code's window and programs it at the right time: Latchkey hands codes over at once.
        supports_native_scheduling: 1,
        sandbox_settings: '{}',
        access_codes_version: 0,
        created_at: now.toISOString(),
        removed_at: null,
      })
      .execute()
    await link('device', device.device_id, deviceId)
    await recordEvent(db, clock, { workspaceId, eventType: 'device.added', deviceId, connectedAccountId: accountId })
    seen.add(deviceId)
    touched.push(deviceId)
    added++
  }
  let removed = 0
  for (const device of existing) {
    if (seen.has(device.device_id) || device.removed_at !== null) continue
    await db
      .updateTable('devices')
      .set({ removed_at: now.toISOString() })
      .where('device_id', '=', device.device_id)
      .execute()
    await recordEvent(db, clock, {
      workspaceId,
      eventType: 'device.removed',
      deviceId: device.device_id,
      connectedAccountId: device.connected_account_id,
    })
    touched.push(device.device_id)
    removed++
  }
  await requestSync(db, touched, now)
  return { added, updated, removed }
}

/** The property that gathers Seam locks of this time zone, made on first need. */
async function propertyFor(
  db: Kysely<Database>,
  clock: Clock,
  workspaceId: string,
  timezone: string,
  linked: (type: SeamObjectType, seamId: string) => string | undefined,
  link: (type: SeamObjectType, seamId: string, latchkeyId: string) => Promise<void>,
): Promise<string> {
  const known = linked('property', timezone)
  if (known !== undefined) {
    const stillThere = await db
      .selectFrom('properties')
      .select('property_id')
      .where('property_id', '=', known)
      .executeTakeFirst()
    if (stillThere !== undefined) return known
  }
  const propertyId = newId()
  await db
    .insertInto('properties')
    .values({
      property_id: propertyId,
      workspace_id: workspaceId,
      name: `Seam — ${timezone}`,
      timezone,
      created_at: clock.now().toISOString(),
    })
    .execute()
  if (known === undefined) await link('property', timezone, propertyId)
  else
    await seamDb(db)
      .updateTable('seam_objects')
      .set({ latchkey_id: propertyId })
      .where('latchkey_id', '=', known)
      .execute()
  return propertyId
}
