import 'server-only'
import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import { freeBackupCounts } from '@/lib/access-codes/access-code-store'
import type { SerializedResponse } from '@/lib/access-codes/list-access-codes'
import type { ServiceContext } from '@/lib/context'
import type { AccessCodeRow } from '@/lib/db/schema'
import { parseJson } from '@/lib/db/values'
import { DomainError, invalidInput } from '@/lib/errors/domain-error'
import { profileFor } from '@/lib/locks/sandbox-profiles'
import { seamDb } from '@/lib/seam/seam-tables'
import { decodeCursor, paginate } from '@/lib/pagination'
import {
  ACCOUNT_INSTRUCTIONS,
  arrivalWords,
  keypadWords,
  lowBatteryWords,
  stuckRemovalWords,
  type ArrivalCause,
} from '@/lib/problems/problem-words'
import type {
  ListProblemsInput,
  ListProblemsResponse,
  Problem,
  ProblemAction,
  ProblemCounts,
  ProblemKind,
  ProblemSeverity,
} from '@/lib/schemas/problem'
import { batteryStatus, isLowBattery } from '@/lib/shared/battery'
import { codeDisplayName } from '@/lib/shared/code-name'
import { seamTroubleWords, type SeamConnectionTrouble } from '@/lib/shared/seam-connection-words'
import { describeIssue, type IssueKind } from '@/lib/shared/issue-catalogue'
import { defaultReconcilerSettings } from '@/lib/sync/reconcile-env'

/**
 * The problems queue: every current problem of a workspace, most urgent first. Derived on each read from what the
 * store holds (locks, codes, and the errors and warnings the lock side recorded on them), in a handful of set-based
 * queries whatever the number of locks: the locks, the codes that have or may have a problem, and the slots in use
 * per lock; then, only when needed, when offline locks went offline, the unmanaged codes that hold a clashing PIN,
 * and the free backups of pools that arrivals at risk could use. Every problem is found and ranked; only those of the
 * page asked for are put into words.
 */

/** How far ahead a check-in is watched. */
export const ARRIVAL_HORIZON_MS = 72 * 3_600_000
/** How long lock work may be in progress before an arrival counts it as not on the lock. */
export const PENDING_GRACE_MS = 60_000
/** How long a removal may take before its code counts as stuck on the keypad: when the lock side warns of a delay. */
export const STUCK_AFTER_MS = defaultReconcilerSettings.delayWarningAfterMs
export const KEYPAD_NEARLY_FULL = 0.9

/**
 * Lock work errors a retry may clear (with the lock reachable). Not a full keypad: a retry cannot make room, and
 * Latchkey programs the code by itself once a slot is freed.
 */
const RETRYABLE_ERRORS = new Set([
  'failed_to_set_on_device',
  'smartthings_failed_to_set_after_multiple_retries',
  'duplicate_code_on_device',
  'code_modified_external_to_seam',
])
/** Errors that say another code on the keypad holds the PIN. */
const DUPLICATE_ERRORS = new Set([
  'duplicate_code_on_device',
  'wyze_potential_duplicate_code',
  'schlage_detected_duplicate',
])

const severityRank: Record<ProblemSeverity, number> = { critical: 0, problem: 1, notice: 2 }

// ---- the service

export async function listProblems(ctx: ServiceContext, input: ListProblemsInput): Promise<ListProblemsResponse> {
  const all = await findProblems(ctx, input)
  const counts: ProblemCounts = { total: all.length, critical: 0, problem: 0, notice: 0 }
  for (const found of all) counts[found.severity]++
  const { items, pagination } = paginate(pageAfterCursor(all, input.page_cursor), input.limit, (found) => ({
    createdAt: found.key,
    id: found.problem_id,
  }))
  return { problems: items.map((found) => found.build()), counts, pagination }
}

/** `/problems/list` as a finished body with an ETag, so a dashboard polling it gets 304 while nothing changed. */
export async function listProblemsSerialized(
  ctx: ServiceContext,
  input: ListProblemsInput,
): Promise<SerializedResponse> {
  const body = Buffer.from(JSON.stringify({ ...(await listProblems(ctx, input)), ok: true }))
  return { kind: 'serialized', body, etag: `"${createHash('sha1').update(body).digest('base64url')}"` }
}

/** A lock's problems in the queue: how many of each severity, and the most urgent of them. */
export interface LockProblems {
  counts: ProblemCounts
  top: Problem
}

/** Every lock's problems in the queue, for the Locks page: it ranks locks by what needs attention, as the queue does. */
export async function problemsPerLock(ctx: ServiceContext): Promise<Map<string, LockProblems>> {
  const perLock = new Map<string, LockProblems>()
  // No filter, and the limit unused: every problem of the workspace, most urgent first.
  for (const found of await findProblems(ctx, { limit: Number.MAX_SAFE_INTEGER })) {
    const problem = found.build()
    let entry = perLock.get(problem.device_id)
    if (entry === undefined) {
      entry = { counts: { total: 0, critical: 0, problem: 0, notice: 0 }, top: problem }
      perLock.set(problem.device_id, entry)
    }
    entry.counts.total++
    entry.counts[problem.severity]++
  }
  return perLock
}

/** What ranks a problem. */
type Head = Pick<Problem, 'problem_id' | 'kind' | 'severity' | 'starts_at' | 'created_at'>

/** A problem found: what ranks it, and how to put it into words (done for the page shown only). */
type Found = Head & {
  /** Sorts as the queue does; with problem_id, the page position. */
  key: string
  build(): Problem
}

const NEVER = '~'
const MAX_MS = 9_999_999_999_999

/** Ranks a problem: a key whose plain string order is severity, then check-in (soonest first), then newest first. */
function found(head: Head, build: () => Omit<Problem, keyof Head>): Found {
  const newest =
    head.created_at === null ? NEVER : String(MAX_MS - new Date(head.created_at).getTime()).padStart(13, '0')
  const { problem_id, kind, severity, starts_at, created_at } = head
  return {
    ...head,
    key: `${severityRank[severity]}|${starts_at ?? NEVER}|${newest}`,
    build: () => ({ problem_id, kind, severity, ...build(), starts_at, created_at }),
  }
}

const byKey = (a: Found, b: Found): number =>
  a.key < b.key ? -1 : a.key > b.key ? 1 : a.problem_id < b.problem_id ? -1 : a.problem_id > b.problem_id ? 1 : 0

/**
 * The problems after the page position a cursor names. The cursor is the one every list uses, carrying here the last
 * problem's sort key (in place of a creation time) and its id: a page follows on from the last one shown, however
 * the queue changed in between.
 */
function pageAfterCursor(sorted: Found[], cursor: string | undefined): Found[] {
  if (cursor === undefined) return sorted
  const after = decodeCursor(cursor)
  return sorted.filter((f) => f.key > after.createdAt || (f.key === after.createdAt && f.problem_id > after.id))
}

// ---- what is read

interface Lock {
  deviceId: string
  name: string
  propertyId: string
  propertyName: string
  timezone: string
  connectedAccountId: string
  /** "August", "SmartThings". */
  brand: string
  isSandbox: boolean
  online: boolean
  accountConnected: boolean
  batteryLevel: number | null
  maxActiveCodes: number
  /** Why the lock cannot be reached, if it cannot: its account first (an offline lock behind it cannot be told). */
  unreachable: 'account_disconnected' | 'device_offline' | null
  /** The earliest time Latchkey saw it unreachable, where known. */
  unreachableSince: string | null
  /** Device-level errors and warnings its codes carry, with the earliest time seen. */
  deviceErrors: Map<string, string>
  deviceWarnings: Map<string, string>
  /** A Seam-backed lock whose workspace's Seam connection is in trouble, and how (the connection keeps no start time). */
  seamTrouble: { status: SeamConnectionTrouble } | null
}

const codeColumns = [
  'access_code_id',
  'device_id',
  'name',
  'code',
  'type',
  'starts_at',
  'ends_at',
  'status',
  'is_managed',
  'is_backup',
  'pulled_backup_access_code_id',
  'use_backup_access_code_pool',
  'is_offline_access_code',
  'is_scheduled_on_device',
  'errors',
  'warnings',
  'updated_at',
  'deleted_at',
  'pending_since',
  'provider_code_id',
  'programmed_code',
  'stay_id',
] as const

type CodeRow = Pick<AccessCodeRow, (typeof codeColumns)[number]>

interface StoredIssue {
  error_code?: unknown
  warning_code?: unknown
  created_at?: unknown
  is_device_error?: unknown
  is_connected_account_error?: unknown
  is_bridge_error?: unknown
}

interface Issue {
  kind: IssueKind
  code: string
  createdAt: string | null
  /** About the lock, its account or its bridge: carried by every code of the lock. */
  aboutLock: boolean
}

function issuesOf(kind: IssueKind, json: string): Issue[] {
  if (json === '[]') return []
  const out: Issue[] = []
  for (const stored of parseJson<StoredIssue[]>(json, [])) {
    const code = kind === 'error' ? stored.error_code : stored.warning_code
    if (typeof code !== 'string') continue
    const aboutLock =
      kind === 'error'
        ? stored.is_device_error === true ||
          stored.is_connected_account_error === true ||
          stored.is_bridge_error === true
        : describeIssue('warning', code).scope !== 'access_code'
    out.push({ kind, code, createdAt: typeof stored.created_at === 'string' ? stored.created_at : null, aboutLock })
  }
  return out
}

const earliest = (a: string | null | undefined, b: string | null | undefined): string | null =>
  a == null ? (b ?? null) : b == null ? a : a < b ? a : b

async function findProblems(ctx: ServiceContext, input: ListProblemsInput): Promise<Found[]> {
  const now = ctx.clock.now()
  const nowIso = now.toISOString()
  const locks = await loadLocks(ctx, input)
  if (locks.size === 0) return []
  const wants = (kind: ProblemKind): boolean => input.kind === undefined || input.kind === kind
  const filtered = input.device_id !== undefined || input.property_id !== undefined
  const lockIds = [...locks.keys()]
  // Locks that may put an arrival at risk although their codes carry no error yet: read their upcoming codes too.
  const riskyLocks = [...locks.values()]
    .filter((l) => !l.online || !l.accountConnected || isCriticalBattery(l))
    .map((l) => l.deviceId)
  const horizon = new Date(now.getTime() + ARRIVAL_HORIZON_MS).toISOString()

  const [codes, slots] = await Promise.all([
    readCodes(ctx, { lockIds: filtered ? lockIds : undefined, riskyLocks, horizon, nowIso }),
    wants('keypad_nearly_full')
      ? slotsInUse(ctx, filtered ? lockIds : undefined, nowIso)
      : Promise.resolve(new Map<string, SlotsInUse>()),
  ])
  const parsed = codes
    .filter((c) => locks.has(c.device_id))
    .map((row) => ({ row, errors: issuesOf('error', row.errors), warnings: issuesOf('warning', row.warnings) }))
  noteLockIssues(locks, parsed, nowIso)

  const offlineLocks = [...locks.values()].filter((l) => l.unreachable === 'device_offline' && !l.online)
  const onPool = (row: CodeRow): boolean =>
    row.is_managed === 1 &&
    row.is_backup === 0 &&
    row.use_backup_access_code_pool === 1 &&
    row.type === 'time_bound' &&
    row.pulled_backup_access_code_id === null
  const duplicatePins = parsed.filter(
    ({ row, errors }) => row.is_managed === 1 && errors.some((e) => DUPLICATE_ERRORS.has(e.code)),
  )
  const [offlineSince, freeBackups, holders] = await Promise.all([
    offlineSinceOf(
      ctx,
      offlineLocks.map((l) => l.deviceId),
    ),
    freeBackupCounts(ctx.db, [...new Set(parsed.filter((c) => onPool(c.row)).map((c) => c.row.device_id))], now),
    unmanagedHolders(
      ctx,
      duplicatePins.map((c) => ({ deviceId: c.row.device_id, code: c.row.code })),
    ),
  ])
  for (const lock of offlineLocks) {
    const since = offlineSince.get(lock.deviceId)
    if (since !== undefined) lock.unreachableSince = since
  }

  const problems: Found[] = []
  const add = (problem: Found | undefined): void => {
    if (problem !== undefined && wants(problem.kind)) problems.push(problem)
  }
  for (const lock of locks.values()) for (const problem of lockProblems(lock, slots.get(lock.deviceId))) add(problem)

  for (const { row, errors, warnings } of parsed) {
    const lock = locks.get(row.device_id)
    if (lock === undefined) continue
    const code = codeFacts(row, lock)
    const gone = row.deleted_at !== null || (row.type === 'time_bound' && row.ends_at !== null && row.ends_at <= nowIso)
    if (gone) {
      // A deleted or ended code matters only while its PIN is still on the keypad: its removal is the problem.
      add(stuckRemoval(code, errors, warnings, lock, now))
      continue
    }
    const holder = holders.get(`${row.device_id}|${row.code}`)
    if (
      row.is_managed === 1 &&
      row.is_backup === 0 &&
      row.type === 'time_bound' &&
      row.starts_at !== null &&
      row.starts_at <= horizon
    ) {
      const backupOffered =
        row.use_backup_access_code_pool === 1 &&
        (row.pulled_backup_access_code_id !== null || (onPool(row) && (freeBackups.get(row.device_id) ?? 0) > 0))
      add(arrivalAtRisk(code, errors, warnings, lock, { now, backupOffered, holder }))
    }
    for (const issue of [...errors, ...warnings]) {
      if (!issue.aboutLock) add(codeIssue(code, issue, lock, holder))
    }
  }
  return problems.sort(byKey)
}

/**
 * What the codes say about their locks. A lock whose codes carry device_offline is offline as far as anyone can tell,
 * even if its row was just marked online again and the lock side has not been back yet; the other conditions of a
 * lock are known only from its codes.
 */
function noteLockIssues(
  locks: Map<string, Lock>,
  codes: readonly { row: CodeRow; errors: Issue[]; warnings: Issue[] }[],
  nowIso: string,
): void {
  for (const { row, errors, warnings } of codes) {
    const lock = locks.get(row.device_id)
    if (lock === undefined) continue
    for (const issue of errors) {
      if (!issue.aboutLock) continue
      if (issue.code === 'account_disconnected') {
        lock.unreachable = 'account_disconnected'
        lock.unreachableSince = earliest(lock.unreachableSince, issue.createdAt)
      } else if (issue.code === 'device_offline') {
        if (lock.unreachable === null) lock.unreachable = 'device_offline'
        if (lock.unreachable === 'device_offline')
          lock.unreachableSince = earliest(lock.unreachableSince, issue.createdAt)
      } else if (issue.code !== 'device_removed') {
        lock.deviceErrors.set(issue.code, earliest(lock.deviceErrors.get(issue.code), issue.createdAt) ?? nowIso)
      }
    }
    for (const issue of warnings) {
      if (issue.aboutLock)
        lock.deviceWarnings.set(issue.code, earliest(lock.deviceWarnings.get(issue.code), issue.createdAt) ?? nowIso)
    }
  }
}

// ---- reads

async function loadLocks(ctx: ServiceContext, input: ListProblemsInput): Promise<Map<string, Lock>> {
  if (input.property_id !== undefined) {
    const property = await ctx.db
      .selectFrom('properties')
      .select('property_id')
      .where('property_id', '=', input.property_id)
      .where('workspace_id', '=', ctx.workspaceId)
      .executeTakeFirst()
    if (property === undefined) throw invalidInput({ property_id: ['is not a property of this workspace'] })
  }
  let query = ctx.db
    .selectFrom('devices')
    .innerJoin('properties', 'properties.property_id', 'devices.property_id')
    .innerJoin('connected_accounts', 'connected_accounts.connected_account_id', 'devices.connected_account_id')
    .select([
      'devices.device_id',
      'devices.display_name',
      'devices.property_id',
      'properties.name as property_name',
      'properties.timezone',
      'devices.connected_account_id',
      'connected_accounts.is_connected',
      'devices.provider',
      'devices.manufacturer',
      'devices.is_sandbox',
      'devices.online',
      'devices.battery_level',
      'devices.max_active_codes_supported',
    ])
    .where('devices.workspace_id', '=', ctx.workspaceId)
    .where('devices.removed_at', 'is', null)
  if (input.device_id !== undefined) query = query.where('devices.device_id', '=', input.device_id)
  if (input.property_id !== undefined) query = query.where('devices.property_id', '=', input.property_id)
  const [rows, seam] = await Promise.all([
    query.execute(),
    seamDb(ctx.db)
      .selectFrom('seam_connections')
      .select('status')
      .where('workspace_id', '=', ctx.workspaceId)
      .executeTakeFirst(),
  ])
  const seamTrouble = seam === undefined || seam.status === 'connected' ? null : { status: seam.status }
  if (input.device_id !== undefined && rows.length === 0) {
    // The lock may be in another of the workspace's properties: then the filters simply match nothing.
    const exists = await ctx.db
      .selectFrom('devices')
      .select('device_id')
      .where('device_id', '=', input.device_id)
      .where('workspace_id', '=', ctx.workspaceId)
      .where('removed_at', 'is', null)
      .executeTakeFirst()
    if (exists === undefined) throw new DomainError('device_not_found', `Device ${input.device_id} was not found.`)
  }
  const locks = new Map<string, Lock>()
  for (const row of rows) {
    const online = row.online === 1
    const accountConnected = row.is_connected === 1
    locks.set(row.device_id, {
      deviceId: row.device_id,
      name: row.display_name,
      propertyId: row.property_id,
      propertyName: row.property_name,
      timezone: row.timezone,
      connectedAccountId: row.connected_account_id,
      brand: profileFor(row.provider)?.manufacturerDisplayName ?? capitalise(row.manufacturer),
      isSandbox: row.is_sandbox === 1,
      online,
      accountConnected,
      batteryLevel: row.battery_level,
      maxActiveCodes: row.max_active_codes_supported,
      unreachable: !accountConnected ? 'account_disconnected' : !online ? 'device_offline' : null,
      unreachableSince: null,
      deviceErrors: new Map(),
      deviceWarnings: new Map(),
      seamTrouble: row.is_sandbox === 1 ? null : seamTrouble,
    })
  }
  return locks
}

const capitalise = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1)

/** The codes that have, or may have, a problem: with an issue, deleted, ended, or due within the horizon. */
function readCodes(
  ctx: ServiceContext,
  scope: { lockIds: readonly string[] | undefined; riskyLocks: readonly string[]; horizon: string; nowIso: string },
): Promise<CodeRow[]> {
  let query = ctx.db
    .selectFrom('access_codes')
    .select(codeColumns)
    .where('workspace_id', '=', ctx.workspaceId)
    .where('status', '!=', 'deleted')
    // Backups waiting in a pool belong to nobody yet.
    .where((eb) => eb.or([eb('is_backup', '=', 0), eb('pulled_for_access_code_id', 'is not', null)]))
    .where((eb) =>
      eb.or([
        // Issue lists are stored as JSON text, and an empty list is always written as `[]`.
        eb('errors', '!=', '[]'),
        eb('warnings', '!=', '[]'),
        eb('deleted_at', 'is not', null),
        eb.and([
          eb('type', '=', 'time_bound'),
          eb('starts_at', '<=', scope.horizon),
          eb.or([
            eb('ends_at', '<=', scope.nowIso),
            eb('status', '!=', 'set'),
            ...(scope.riskyLocks.length > 0 ? [eb('device_id', 'in', [...scope.riskyLocks])] : []),
          ]),
        ]),
      ]),
    )
  if (scope.lockIds !== undefined) query = query.where('device_id', 'in', [...scope.lockIds])
  return query.execute()
}

interface SlotsInUse {
  used: number
  /** Of which unmanaged codes. */
  unmanaged: number
}

/**
 * Slots each lock's keypad needs: entries on it now (codes set or scheduled, unmanaged codes, deleted codes not off
 * yet), plus managed codes that will need one later (time-bound codes scheduled ahead). Offline codes take none.
 */
async function slotsInUse(
  ctx: ServiceContext,
  deviceIds: readonly string[] | undefined,
  nowIso: string,
): Promise<Map<string, SlotsInUse>> {
  let query = ctx.db
    .selectFrom('access_codes')
    .select((eb) => [
      'device_id',
      eb.fn.countAll<number | string>().as('used'),
      eb.fn
        .sum<number | string | null>(
          eb.case().when('is_managed', '=', sql.lit(0)).then(sql.lit(1)).else(sql.lit(0)).end(),
        )
        .as('unmanaged'),
    ])
    .where('workspace_id', '=', ctx.workspaceId)
    .where('status', '!=', 'deleted')
    .where('is_offline_access_code', '=', 0)
    .where((eb) =>
      eb.or([
        eb('provider_code_id', 'is not', null),
        eb('is_managed', '=', 0),
        eb.and([
          eb('is_managed', '=', 1),
          eb('deleted_at', 'is', null),
          eb.or([eb('type', '=', 'ongoing'), eb('ends_at', '>', nowIso)]),
        ]),
      ]),
    )
    .groupBy('device_id')
  if (deviceIds !== undefined) query = query.where('device_id', 'in', [...deviceIds])
  const rows = await query.execute()
  return new Map(rows.map((r) => [r.device_id, { used: Number(r.used), unmanaged: Number(r.unmanaged ?? 0) }]))
}

/** When each of these offline locks went offline: its last `device.disconnected` event. */
async function offlineSinceOf(ctx: ServiceContext, deviceIds: readonly string[]): Promise<Map<string, string>> {
  if (deviceIds.length === 0) return new Map()
  const rows = await ctx.db
    .selectFrom('events')
    .select((eb) => ['device_id', eb.fn.max('occurred_at').as('since')])
    .where('device_id', 'in', [...deviceIds])
    .where('event_type', '=', 'device.disconnected')
    .groupBy('device_id')
    .execute()
  const out = new Map<string, string>()
  for (const row of rows) if (row.device_id !== null && row.since !== null) out.set(row.device_id, String(row.since))
  return out
}

interface Holder {
  access_code_id: string
  name: string | null
}

/** The unmanaged codes that hold these PINs on these locks, by `device_id|code`. */
async function unmanagedHolders(
  ctx: ServiceContext,
  pins: readonly { deviceId: string; code: string }[],
): Promise<Map<string, Holder>> {
  if (pins.length === 0) return new Map()
  const rows = await ctx.db
    .selectFrom('access_codes')
    .select(['access_code_id', 'device_id', 'code', 'name'])
    .where('device_id', 'in', [...new Set(pins.map((p) => p.deviceId))])
    .where('code', 'in', [...new Set(pins.map((p) => p.code))])
    .where('is_managed', '=', 0)
    .where('deleted_at', 'is', null)
    .where('status', '!=', 'deleted')
    .execute()
  return new Map(rows.map((r) => [`${r.device_id}|${r.code}`, { access_code_id: r.access_code_id, name: r.name }]))
}

// ---- problems of a lock

const isCriticalBattery = (lock: Pick<Lock, 'batteryLevel'>): boolean =>
  lock.batteryLevel !== null && batteryStatus(lock.batteryLevel) === 'critical'

/** What every problem says about where it is: the lock, its property and (for a code's problems) the code. */
type ProblemPlace = Pick<
  Problem,
  | 'device_id'
  | 'device_name'
  | 'property_id'
  | 'property_name'
  | 'property_timezone'
  | 'access_code_id'
  | 'access_code_name'
  | 'stay_id'
>

const placeOf = (lock: Lock): ProblemPlace => ({
  device_id: lock.deviceId,
  device_name: lock.name,
  property_id: lock.propertyId,
  property_name: lock.propertyName,
  property_timezone: lock.timezone,
  access_code_id: null,
  access_code_name: null,
  stay_id: null,
})

const openDevice = (lock: Lock): ProblemAction => ({
  action: 'open_device',
  device_id: lock.deviceId,
  label: 'Open the lock',
  description: 'The lock’s codes, its unmanaged codes and the removals in progress.',
})

const reconnectAccount = (lock: Lock): ProblemAction => ({
  action: 'reconnect_account',
  connected_account_id: lock.connectedAccountId,
  label: 'How to reconnect',
  description: `The ${lock.brand} account has to be signed in again; Latchkey cannot do that by itself.`,
  instructions:
    lock.seamTrouble?.status === 'unauthorized'
      ? seamTroubleWords('unauthorized').remedy
      : ACCOUNT_INSTRUCTIONS(lock.brand, lock.isSandbox),
})

function lockProblems(lock: Lock, slots: SlotsInUse | undefined): Found[] {
  const out: Found[] = []
  const fromCatalogue = (
    kind: ProblemKind,
    issueKind: IssueKind,
    code: string,
    since: string | null,
    actions: () => ProblemAction[],
  ): Found => {
    const entry = describeIssue(issueKind, code)
    const perCode = kind === 'device_error' || kind === 'device_warning'
    return found(
      {
        problem_id: perCode ? `${kind}:${lock.deviceId}:${code}` : `${kind}:${lock.deviceId}`,
        kind,
        severity: entry.severity,
        starts_at: null,
        created_at: since,
      },
      () => ({
        ...placeOf(lock),
        error_code: issueKind === 'error' ? code : null,
        warning_code: issueKind === 'warning' ? code : null,
        causes: [code],
        title: entry.title,
        message: entry.explanation,
        remedy: entry.whatToDo,
        actions: actions(),
      }),
    )
  }
  if (lock.unreachable === 'account_disconnected') {
    out.push(
      fromCatalogue('account_disconnected', 'error', 'account_disconnected', lock.unreachableSince, () => [
        reconnectAccount(lock),
        openDevice(lock),
      ]),
    )
  } else if (lock.unreachable === 'device_offline') {
    out.push(
      fromCatalogue('device_offline', 'error', 'device_offline', lock.unreachableSince, () => [openDevice(lock)]),
    )
  }
  const seam = lock.seamTrouble
  // A refused key shows as the account disconnected (above), with the Seam key's remedy in its instructions.
  if (seam !== null && seam.status !== 'unauthorized') {
    out.push(
      found(
        {
          problem_id: `seam_connection:${lock.deviceId}`,
          kind: 'seam_connection',
          severity: 'problem',
          starts_at: null,
          created_at: null,
        },
        () => ({
          ...placeOf(lock),
          error_code: null,
          warning_code: null,
          causes: [`seam_${seam.status}`],
          ...seamTroubleWords(seam.status),
          actions: [openDevice(lock)],
        }),
      ),
    )
  }
  for (const [code, since] of lock.deviceErrors)
    out.push(fromCatalogue('device_error', 'error', code, since, () => [openDevice(lock)]))
  for (const [code, since] of lock.deviceWarnings)
    out.push(fromCatalogue('device_warning', 'warning', code, since, () => [openDevice(lock)]))

  const level = lock.batteryLevel
  if (level !== null && isLowBattery(batteryStatus(level))) {
    const critical = isCriticalBattery(lock)
    out.push(
      found(
        {
          problem_id: `low_battery:${lock.deviceId}`,
          kind: 'low_battery',
          severity: critical ? 'critical' : 'problem',
          starts_at: null,
          created_at: null,
        },
        () => ({
          ...placeOf(lock),
          error_code: null,
          warning_code: null,
          causes: [critical ? 'battery_critical' : 'battery_low'],
          ...lowBatteryWords(level, critical),
          actions: [openDevice(lock)],
        }),
      ),
    )
  }

  if (slots !== undefined && lock.maxActiveCodes > 0 && slots.used >= KEYPAD_NEARLY_FULL * lock.maxActiveCodes) {
    out.push(
      found(
        {
          problem_id: `keypad_nearly_full:${lock.deviceId}`,
          kind: 'keypad_nearly_full',
          severity: 'problem',
          starts_at: null,
          created_at: null,
        },
        () => ({
          ...placeOf(lock),
          error_code: null,
          warning_code: null,
          causes: [slots.used >= lock.maxActiveCodes ? 'keypad_full' : 'keypad_nearly_full'],
          ...keypadWords(slots.used, lock.maxActiveCodes, slots.unmanaged),
          actions: [openDevice(lock)],
        }),
      ),
    )
  }
  return out
}

// ---- problems of a code

interface CodeFacts {
  row: CodeRow
  name: string
  /**
   * Whether the code has a page of its own: every managed code does, a deleted one too while its PIN may still be on
   * the lock (the page says so). The codes read here are all still on the lock or due to be.
   */
  hasPage: boolean
  /** Whether it is still a code of the API (managed and not deleted): the one a retry can act on. */
  isLive: boolean
  /** Its check-in, for a time-bound code. */
  startsAt: string | null
}

function codeFacts(row: CodeRow, lock: Lock): CodeFacts & { place: () => ProblemPlace } {
  const name =
    row.is_managed === 0
      ? `${codeDisplayName(row)} (unmanaged)`
      : row.is_backup === 1
        ? `${codeDisplayName(row)} (backup)`
        : codeDisplayName(row)
  return {
    row,
    name,
    hasPage: row.is_managed === 1,
    isLive: row.is_managed === 1 && row.deleted_at === null,
    startsAt: row.type === 'time_bound' ? row.starts_at : null,
    place: () => ({
      ...placeOf(lock),
      access_code_id: row.access_code_id,
      access_code_name: name,
      stay_id: row.stay_id,
    }),
  }
}

const openCode = (
  accessCodeId: string,
  description = 'Its status, errors and warnings, and its history.',
): ProblemAction => ({
  action: 'open_code',
  access_code_id: accessCodeId,
  label: 'Open the code',
  description,
})

function codeActions(
  code: CodeFacts,
  lock: Lock,
  options: { retry: boolean; holder: Holder | undefined; backup?: ProblemAction | undefined },
): ProblemAction[] {
  const { row } = code
  const actions: ProblemAction[] = []
  if (options.backup !== undefined) actions.push(options.backup)
  if (options.holder !== undefined) {
    const holderName = codeDisplayName(options.holder)
    actions.push({
      action: 'delete_unmanaged_access_code',
      access_code_id: options.holder.access_code_id,
      label: `Delete “${holderName}” from the lock`,
      description:
        `Takes the unmanaged code “${holderName}”, which holds the same PIN, off the lock: its PIN stops opening ` +
        'the door, and Latchkey then programs this code.',
    })
  }
  if (options.retry && code.isLive && lock.unreachable === null) {
    actions.push({
      action: 'retry_access_code',
      access_code_id: row.access_code_id,
      label: 'Retry now',
      description: 'Asks the lock to take this code again now, instead of waiting for the next retry.',
    })
  }
  if (lock.unreachable === 'account_disconnected') actions.push(reconnectAccount(lock))
  if (row.is_managed === 0 && row.deleted_at === null) {
    actions.push(
      {
        action: 'convert_to_managed',
        access_code_id: row.access_code_id,
        label: 'Manage it in Latchkey',
        description:
          'Makes this code found on the lock a Latchkey code, to edit, schedule or delete like the others. Nothing ' +
          'changes on the lock.',
      },
      {
        action: 'delete_unmanaged_access_code',
        access_code_id: row.access_code_id,
        label: 'Delete it from the lock',
        description: 'Takes this unmanaged code off the lock: its PIN stops opening the door.',
      },
    )
  }
  if (code.hasPage) actions.push(openCode(row.access_code_id))
  if (row.stay_id !== null)
    actions.push({
      action: 'open_stay',
      stay_id: row.stay_id,
      label: 'Open the stay',
      description: 'Every door of this guest’s stay, with its health; shift, re-PIN or cancel them together.',
    })
  actions.push(openDevice(lock))
  return actions
}

/** One of a code's own errors or warnings. */
function codeIssue(
  code: CodeFacts & { place: () => ProblemPlace },
  issue: Issue,
  lock: Lock,
  holder: Holder | undefined,
): Found {
  const entry = describeIssue(issue.kind, issue.code)
  const kind = issue.kind === 'error' ? 'code_error' : 'code_warning'
  return found(
    {
      problem_id: `${kind}:${code.row.access_code_id}:${issue.code}`,
      kind,
      severity: entry.severity,
      starts_at: code.startsAt,
      created_at: issue.createdAt,
    },
    () => ({
      ...code.place(),
      error_code: issue.kind === 'error' ? issue.code : null,
      warning_code: issue.kind === 'warning' ? issue.code : null,
      causes: [issue.code],
      title: entry.title,
      message: entry.explanation,
      remedy: entry.whatToDo,
      actions: codeActions(code, lock, {
        retry: issue.kind === 'error' && RETRYABLE_ERRORS.has(issue.code),
        holder: DUPLICATE_ERRORS.has(issue.code) ? holder : undefined,
      }),
    }),
  )
}

/** How the code stands at the keypad, as far as a guest is concerned. */
function placement(row: CodeRow, now: Date): { onLock: boolean; pendingSince: string | null; due: boolean } {
  const started = row.starts_at !== null && new Date(row.starts_at) <= now
  switch (row.status) {
    case 'set':
      return { onLock: true, pendingSince: null, due: false }
    case 'unset':
      // Natively scheduled ahead of its window: the lock has it. Otherwise it is due once its window has opened.
      if (row.is_scheduled_on_device === 1) return { onLock: true, pendingSince: null, due: false }
      return { onLock: false, pendingSince: started ? row.starts_at : null, due: started }
    case 'setting':
    case 'removing':
      return { onLock: false, pendingSince: row.pending_since ?? row.updated_at, due: true }
    default:
      return { onLock: false, pendingSince: null, due: false }
  }
}

function arrivalAtRisk(
  code: CodeFacts & { place: () => ProblemPlace },
  errors: Issue[],
  warnings: Issue[],
  lock: Lock,
  ctx: { now: Date; backupOffered: boolean; holder: Holder | undefined },
): Found | undefined {
  const { row } = code
  const { now } = ctx
  const startsAt = row.starts_at
  if (startsAt === null) return undefined
  const offlineCode = row.is_offline_access_code === 1
  const place = placement(row, now)
  const onLock = place.onLock || offlineCode
  // A guest already in, whose code the lock has, is not arriving any more: the lock's own problems cover the rest.
  if (onLock && new Date(startsAt) <= now) return undefined
  const causes: ArrivalCause[] = []
  const times: (string | null)[] = []

  if (lock.unreachable === 'account_disconnected') {
    causes.push({ kind: 'error', code: 'account_disconnected' })
    times.push(lock.unreachableSince)
  } else if (lock.unreachable === 'device_offline' && !offlineCode) {
    causes.push({ kind: 'error', code: 'device_offline' })
    times.push(errors.find((e) => e.code === 'device_offline')?.createdAt ?? lock.unreachableSince)
  }
  for (const [issueCode, since] of lock.deviceErrors) {
    if (describeIssue('error', issueCode).severity !== 'critical') continue
    causes.push({ kind: 'error', code: issueCode })
    times.push(since)
  }
  for (const issue of [...errors, ...warnings]) {
    if (issue.aboutLock || describeIssue(issue.kind, issue.code).severity !== 'critical') continue
    causes.push({ kind: issue.kind, code: issue.code })
    times.push(issue.createdAt)
  }
  if (isCriticalBattery(lock)) causes.push({ kind: 'own', code: 'battery_critical' })
  if (!offlineCode && causes.length === 0) {
    if (row.status === 'unknown') causes.push({ kind: 'own', code: 'status_unknown' })
    else if (
      place.due &&
      place.pendingSince !== null &&
      now.getTime() - new Date(place.pendingSince).getTime() >= PENDING_GRACE_MS
    ) {
      causes.push({ kind: 'own', code: 'not_on_lock_yet' })
      times.push(place.pendingSince)
    }
  }
  const first = causes[0]
  if (first === undefined) return undefined

  return found(
    {
      problem_id: `arrival_at_risk:${row.access_code_id}`,
      kind: 'arrival_at_risk',
      severity: 'critical',
      starts_at: startsAt,
      created_at: times.reduce<string | null>((a, b) => earliest(a, b), null),
    },
    () => ({
      ...code.place(),
      error_code: first.kind === 'error' ? first.code : null,
      warning_code: first.kind === 'warning' ? first.code : null,
      causes: causes.map((c) => c.code),
      ...arrivalWords({
        codeName: code.name,
        startsAt,
        timezone: lock.timezone,
        now,
        causes,
        onLock,
        batteryLevel: lock.batteryLevel,
        pendingSince: place.pendingSince,
        backupOffered: ctx.backupOffered,
      }),
      actions: codeActions(code, lock, {
        retry: errors.some((e) => RETRYABLE_ERRORS.has(e.code)) || first.code === 'not_on_lock_yet',
        holder: errors.some((e) => DUPLICATE_ERRORS.has(e.code)) ? ctx.holder : undefined,
        backup: ctx.backupOffered
          ? {
              action: 'pull_backup_access_code',
              access_code_id: row.access_code_id,
              label: row.pulled_backup_access_code_id === null ? 'Pull a backup code' : 'Show the backup code',
              description:
                'Hands this stay a spare PIN from the lock’s backup pool. It is already on the lock, for the same ' +
                'dates, so it works at once: send it to the guest.',
            }
          : undefined,
      }),
    }),
  )
}

function stuckRemoval(
  code: CodeFacts & { place: () => ProblemPlace },
  errors: Issue[],
  warnings: Issue[],
  lock: Lock,
  now: Date,
): Found | undefined {
  const { row } = code
  const onKeypad = row.provider_code_id !== null || row.programmed_code !== null || row.status === 'removing'
  if (!onKeypad) return undefined
  const expired = row.deleted_at === null
  const since = row.deleted_at ?? row.ends_at
  if (since === null) return undefined
  const refused = errors.some((e) => e.code === 'failed_to_remove_from_device')
  // A removal the lock refused is stuck at once; otherwise give the lock side the time it gives itself.
  if (!refused && now.getTime() - new Date(since).getTime() < STUCK_AFTER_MS) return undefined
  const cause = refused ? 'failed_to_remove_from_device' : lock.unreachable
  const delay = warnings.find((w) => w.code === 'delay_in_removing_from_device')
  return found(
    {
      problem_id: `stuck_removing:${row.access_code_id}`,
      kind: 'stuck_removing',
      severity: 'critical',
      // Its check-in no longer matters: it is not an arrival, and the queue does not order it as one.
      starts_at: null,
      created_at: since,
    },
    () => ({
      ...code.place(),
      error_code: cause,
      warning_code: delay === undefined ? null : delay.code,
      causes: [...(cause === null ? [] : [cause]), ...(delay === undefined ? [] : [delay.code])],
      ...stuckRemovalWords({ codeName: code.name, since, timezone: lock.timezone, expired, cause }),
      actions: [
        ...(lock.unreachable === 'account_disconnected' ? [reconnectAccount(lock)] : []),
        ...(code.hasPage
          ? [openCode(row.access_code_id, 'Whether its PIN still opens the door, and what the lock holds.')]
          : []),
        openDevice(lock),
      ],
    }),
  )
}
