import 'server-only'
import type { Kysely, Selectable } from 'kysely'
import { toAccessCodeObject } from '@/lib/access-codes/access-code-object'
import type { AccessCodeRow, Database, StaysTable } from '@/lib/db/schema'
import { fromBool, parseJson } from '@/lib/db/values'
import type { Stay, StayHealth, StayStatus } from '@/lib/schemas/stay'
import { describeIssue } from '@/lib/shared/issue-catalogue'
import { formatWithZone } from '@/lib/time/zoned'

/**
 * The stay object (lib/schemas/stay.ts) from the stay's row and its codes: the status from the clock, and one health
 * line for all its doors from their codes (status, errors, warnings, a code deleted outside the stay) and their locks
 * (removed, offline or disconnected near check-in).
 */

export type StayRow = Selectable<StaysTable> & { property_name: string; property_timezone: string }

/** A code of a stay, deleted ones included (a door whose code is gone is still the stay's door), with its lock. */
export type StayCodeRow = AccessCodeRow & {
  device_name: string
  device_online: number
  device_removed_at: string | null
  account_connected: number
}

/** The stays with their property (`stays` joined to `properties`), for get and list. */
export function selectStays(db: Kysely<Database>, workspaceId: string) {
  return db
    .selectFrom('stays')
    .innerJoin('properties', 'properties.property_id', 'stays.property_id')
    .selectAll('stays')
    .select(['properties.name as property_name', 'properties.timezone as property_timezone'])
    .where('stays.workspace_id', '=', workspaceId)
}

/** Every code of these stays (deleted ones too) with its lock, in the order they were written: one query. */
export async function loadStayCodes(
  db: Kysely<Database>,
  workspaceId: string,
  stayIds: readonly string[],
): Promise<Map<string, StayCodeRow[]>> {
  const byStay = new Map<string, StayCodeRow[]>()
  if (stayIds.length === 0) return byStay
  const rows = await db
    .selectFrom('access_codes')
    .innerJoin('devices', 'devices.device_id', 'access_codes.device_id')
    .innerJoin('connected_accounts', 'connected_accounts.connected_account_id', 'devices.connected_account_id')
    .selectAll('access_codes')
    .select([
      'devices.display_name as device_name',
      'devices.online as device_online',
      'devices.removed_at as device_removed_at',
      'connected_accounts.is_connected as account_connected',
    ])
    .where('access_codes.stay_id', 'in', [...new Set(stayIds)])
    .where('access_codes.workspace_id', '=', workspaceId)
    .orderBy('access_codes.created_at')
    .orderBy('access_codes.access_code_id')
    .execute()
  for (const row of rows) {
    if (row.stay_id === null) continue
    const list = byStay.get(row.stay_id)
    if (list === undefined) byStay.set(row.stay_id, [row])
    else list.push(row)
  }
  return byStay
}

/** How long before check-in an offline lock puts the stay at risk. */
const OFFLINE_RISK_MS = 24 * 60 * 60 * 1000

export function stayStatusOf(row: Pick<StayRow, 'check_in' | 'check_out' | 'cancelled_at'>, now: Date): StayStatus {
  if (row.cancelled_at !== null) return 'cancelled'
  if (Date.parse(row.check_out) <= now.getTime()) return 'ended'
  return Date.parse(row.check_in) <= now.getTime() ? 'in_progress' : 'upcoming'
}

interface Door {
  deviceId: string
  name: string
  live: StayCodeRow | undefined
  /** The door's last code (live or not), for its lock's facts. */
  latest: StayCodeRow
}

/** The stay's doors, in the order they were added: each with its live code, if it still has one. */
function doorsOf(codes: readonly StayCodeRow[]): Door[] {
  const doors = new Map<string, Door>()
  for (const code of codes) {
    const door = doors.get(code.device_id) ?? {
      deviceId: code.device_id,
      name: code.device_name,
      live: undefined,
      latest: code,
    }
    door.latest = code
    if (code.deleted_at === null && code.is_managed === 1) door.live = code
    doors.set(code.device_id, door)
  }
  return [...doors.values()]
}

type DoorState = { health: 'ready' | 'pending' | 'at_risk' | 'problem'; note?: string }

function doorState(door: Door, row: StayRow, now: Date): DoorState {
  const { live, latest, name } = door
  if (latest.device_removed_at !== null) return { health: 'problem', note: `${name} was removed from its account` }
  if (live === undefined) return { health: 'problem', note: `${name} lost its code (it was deleted outside the stay)` }
  const error = parseJson<{ error_code?: string }[]>(live.errors, [])[0]
  if (error?.error_code !== undefined)
    return { health: 'problem', note: `${name}: ${describeIssue('error', error.error_code).title.toLowerCase()}` }
  const warning = parseJson<{ warning_code?: string }[]>(live.warnings, [])
    .map((w) => (w.warning_code === undefined ? undefined : describeIssue('warning', w.warning_code)))
    .find((entry) => entry !== undefined && entry.severity !== 'notice')
  if (warning !== undefined) return { health: 'at_risk', note: `${name}: ${warning.title.toLowerCase()}` }
  const nearCheckIn = Date.parse(row.check_in) - now.getTime() <= OFFLINE_RISK_MS
  if (!fromBool(latest.account_connected) && nearCheckIn)
    return { health: 'at_risk', note: `${name}'s account is disconnected` }
  if (!fromBool(latest.device_online) && nearCheckIn) return { health: 'at_risk', note: `${name} is offline` }
  if (live.status === 'unknown') return { health: 'at_risk', note: `${name} cannot be reached` }
  const windowOpen = live.starts_at === null || Date.parse(live.starts_at) <= now.getTime()
  if (live.status === 'setting' || live.status === 'removing' || (windowOpen && live.status !== 'set'))
    return { health: 'pending' }
  return { health: 'ready' }
}

const RANK: Record<DoorState['health'], number> = { ready: 0, pending: 1, at_risk: 2, problem: 3 }

function healthOf(row: StayRow, doors: readonly Door[], now: Date): { health: StayHealth; summary: string } {
  const status = stayStatusOf(row, now)
  if (status === 'cancelled') {
    const stillOn = doors.filter((d) => d.latest.device_removed_at === null && d.latest.status !== 'deleted').length
    return {
      health: 'cancelled',
      summary:
        `Cancelled on ${formatWithZone(row.cancelled_at ?? row.updated_at, row.property_timezone)}` +
        (stillOn > 0
          ? `; its PIN is being removed from ${plural(stillOn, 'door')}.`
          : '; no PIN of it is left to remove.'),
    }
  }
  if (status === 'ended')
    return { health: 'ended', summary: `Ended at check-out, ${formatWithZone(row.check_out, row.property_timezone)}.` }
  if (doors.length === 0) return { health: 'problem', summary: 'This stay has no doors.' }
  const states = doors.map((d) => doorState(d, row, now))
  const worst = states.reduce((a, b) => (RANK[b.health] > RANK[a.health] ? b : a))
  const ready = states.filter((s) => s.health === 'ready').length
  const notes = states.flatMap((s) => (s.note === undefined ? [] : [s.note]))
  if (worst.health === 'ready')
    return {
      health: 'ready',
      summary: doors.length === 1 ? 'The door is ready.' : `All ${doors.length} doors are ready.`,
    }
  const pending = states.filter((s) => s.health === 'pending').length
  const parts = [`${ready} of ${plural(doors.length, 'door')} ready`]
  if (pending > 0) parts.push(`${pending} being programmed`)
  parts.push(...notes.slice(0, 2))
  if (notes.length > 2) parts.push(`and ${notes.length - 2} more`)
  return { health: worst.health, summary: `${parts.join('; ')}.` }
}

/**
 * The doors' codes as Seam's objects. Stay codes never use the backup pool, so no pool has a backup for them. A
 * cancelled stay also shows the codes whose PIN is still being taken off a lock, as `removing` (as
 * /access_codes/pending_removals/list does), so its page can say which doors may still open with it.
 */
function codesOf(doors: readonly Door[], row: StayRow) {
  return doors.flatMap((d) => {
    if (d.live !== undefined) return [toAccessCodeObject(d.live, false)]
    const { latest } = d
    const stillOnLock = row.cancelled_at !== null && latest.deleted_at !== null && latest.status !== 'deleted'
    return stillOnLock ? [{ ...toAccessCodeObject(latest, false), status: 'removing' as const }] : []
  })
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`

export function toStayObject(row: StayRow, codes: readonly StayCodeRow[], now: Date): Stay {
  const doors = doorsOf(codes)
  const { health, summary } = healthOf(row, doors, now)
  return {
    stay_id: row.stay_id,
    workspace_id: row.workspace_id,
    reservation_key: row.reservation_key,
    guest_name: row.guest_name,
    property_id: row.property_id,
    property_name: row.property_name,
    property_timezone: row.property_timezone,
    check_in: row.check_in,
    check_out: row.check_out,
    code: row.code,
    device_ids: doors.map((d) => d.deviceId),
    status: stayStatusOf(row, now),
    health,
    health_summary: summary,
    access_codes: codesOf(doors, row),
    created_at: row.created_at,
    updated_at: row.updated_at,
    cancelled_at: row.cancelled_at,
  }
}
