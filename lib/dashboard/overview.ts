import 'server-only'
import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely'
import { batteryStatus, isLowBattery } from '@/lib/shared/battery'
import { describeIssue, type IssueKind, type IssueSeverity } from '@/lib/shared/issue-catalogue'
import type {
  LockAttention,
  LockOverview,
  LockProblem,
  PropertyOverview,
  WorkspaceOverview,
} from '@/lib/shared/workspace-overview'
import type { ServiceContext } from '@/lib/context'
import { problemsPerLock, type LockProblems } from '@/lib/problems/list-problems'
import type { Database } from '@/lib/db/schema'
import { parseJson } from '@/lib/db/values'
import { selectDevices, toDeviceRecord } from '@/lib/db/device-record'

const severityRank: Record<IssueSeverity, number> = { critical: 0, problem: 1, notice: 2 }

/** Orders problems by what needs attention first. */
export function compareProblems(a: LockProblem, b: LockProblem): number {
  return (
    severityRank[a.severity] - severityRank[b.severity] ||
    (a.kind === b.kind ? 0 : a.kind === 'error' ? -1 : 1) ||
    b.codeCount - a.codeCount ||
    a.title.localeCompare(b.title)
  )
}

type CodesBuilder = ExpressionBuilder<Database, 'access_codes'>

/**
 * The codes the overview counts: what the API lists (managed, not deleted, not an unpulled backup) plus deleted
 * codes the lock side is still taking off the keypad, since the old PIN may still open the door.
 */
function selectCountedCodes(db: Kysely<Database>, workspaceId: string) {
  return db
    .selectFrom('access_codes')
    .where('workspace_id', '=', workspaceId)
    .where('is_managed', '=', 1)
    .where('status', '!=', 'deleted')
    .where((eb) =>
      eb.or([
        eb('deleted_at', 'is not', null),
        eb.or([eb('is_backup', '=', 0), eb('pulled_for_access_code_id', 'is not', null)]),
      ]),
    )
}

// Issue lists are stored as JSON text, and an empty list is always written as `[]`.
const hasIssues = (eb: CodesBuilder) => eb.or([eb('errors', '!=', '[]'), eb('warnings', '!=', '[]')])

/** 1 when the condition holds, else 0, for SUM: literals, so PostgreSQL does not take them for text parameters. */
const countIf = (eb: CodesBuilder, condition: Expression<SqlBool>) =>
  eb.fn.sum<number | string | null>(eb.case().when(condition).then(eb.lit(1)).else(eb.lit(0)).end())

interface StoredIssue {
  error_code?: unknown
  warning_code?: unknown
}

const attentionOf = (problems: LockProblems | undefined): LockAttention | null =>
  problems === undefined
    ? null
    : { severity: problems.top.severity, title: problems.top.title, count: problems.counts.total }

const byName = new Intl.Collator('en', { numeric: true, sensitivity: 'base' })
const NO_PROBLEM_RANK = Object.keys(severityRank).length

/** Locks that need attention first (most urgent problem first, then the most problems), then by name. */
export function compareLocks(a: LockOverview, b: LockOverview): number {
  const rank = (lock: LockOverview): number =>
    lock.attention === null ? NO_PROBLEM_RANK : severityRank[lock.attention.severity]
  return (
    rank(a) - rank(b) ||
    (b.attention?.count ?? 0) - (a.attention?.count ?? 0) ||
    byName.compare(a.name, b.name) ||
    a.deviceId.localeCompare(b.deviceId)
  )
}

/**
 * Every property of the workspace with its locks and their health: online, battery, how many codes, how many have
 * problems or are in progress, the top problem titles, and what the problems queue says about each lock. Four
 * queries whatever the number of locks (properties, devices, per-lock counts grouped by device, and the distinct
 * issue lists per lock grouped by device and list), beside the queue's own handful.
 */
export async function getWorkspaceOverview(
  ctx: ServiceContext,
  options: { problemsPerLock?: number } = {},
): Promise<WorkspaceOverview> {
  const { db, workspaceId } = ctx
  const titlesPerLock = options.problemsPerLock ?? 3

  const [properties, devices, counts, issueLists, queue] = await Promise.all([
    db
      .selectFrom('properties')
      .select(['property_id', 'name', 'timezone'])
      .where('workspace_id', '=', workspaceId)
      .orderBy('created_at')
      .orderBy('property_id')
      .execute(),
    selectDevices(db).where('devices.workspace_id', '=', workspaceId).execute(),
    selectCountedCodes(db, workspaceId)
      .select((eb) => [
        'device_id',
        countIf(eb, eb('deleted_at', 'is', null)).as('live'),
        countIf(eb, hasIssues(eb)).as('problems'),
        countIf(eb, eb.or([eb('deleted_at', 'is not', null), eb('status', 'in', ['setting', 'removing'])])).as(
          'in_progress',
        ),
      ])
      .groupBy('device_id')
      .execute(),
    // Codes that went wrong together usually carry the same list (the same issue, added in the same pass), so
    // grouping by the stored text keeps this to a few rows per lock even when hundreds of codes have problems.
    selectCountedCodes(db, workspaceId)
      .where(hasIssues)
      .select((eb) => ['device_id', 'errors', 'warnings', eb.fn.countAll<number | string>().as('n')])
      .groupBy(['device_id', 'errors', 'warnings'])
      .execute(),
    problemsPerLock(ctx),
  ])

  const countsByDevice = new Map(counts.map((row) => [row.device_id, row]))

  const problemsByDevice = new Map<string, Map<string, LockProblem>>()
  for (const row of issueLists) {
    const codeCount = Number(row.n)
    let problems = problemsByDevice.get(row.device_id)
    if (problems === undefined) {
      problems = new Map()
      problemsByDevice.set(row.device_id, problems)
    }
    const lists: [IssueKind, StoredIssue[]][] = [
      ['error', parseJson<StoredIssue[]>(row.errors, [])],
      ['warning', parseJson<StoredIssue[]>(row.warnings, [])],
    ]
    for (const [kind, issues] of lists) {
      // A list names each code once; the Set guards against a malformed one counting a code twice.
      const codes = new Set(issues.map((issue) => String(kind === 'error' ? issue.error_code : issue.warning_code)))
      for (const code of codes) {
        const key = `${kind}:${code}`
        const known = problems.get(key)
        if (known !== undefined) {
          known.codeCount += codeCount
          continue
        }
        const entry = describeIssue(kind, code)
        problems.set(key, { kind, code, title: entry.title, severity: entry.severity, codeCount })
      }
    }
  }

  const locksByProperty = new Map<string, LockOverview[]>()
  for (const row of devices) {
    const device = toDeviceRecord(row)
    const count = countsByDevice.get(device.deviceId)
    const problems = [...(problemsByDevice.get(device.deviceId)?.values() ?? [])].sort(compareProblems)
    const lock: LockOverview = {
      deviceId: device.deviceId,
      propertyId: device.propertyId,
      name: device.displayName,
      manufacturer: device.manufacturer,
      modelName: device.modelName,
      online: device.online,
      accountConnected: device.accountConnected,
      battery:
        device.batteryLevel === null
          ? null
          : { level: device.batteryLevel, status: batteryStatus(device.batteryLevel) },
      codeCount: Number(count?.live ?? 0),
      problemCodeCount: Number(count?.problems ?? 0),
      inProgressCount: Number(count?.in_progress ?? 0),
      topProblems: problems.slice(0, titlesPerLock),
      distinctProblemCount: problems.length,
      attention: attentionOf(queue.get(device.deviceId)),
    }
    const locks = locksByProperty.get(device.propertyId) ?? []
    locks.push(lock)
    locksByProperty.set(device.propertyId, locks)
  }

  const result: PropertyOverview[] = properties.map((property) => ({
    propertyId: property.property_id,
    name: property.name,
    timezone: property.timezone,
    locks: (locksByProperty.get(property.property_id) ?? []).sort(compareLocks),
  }))

  const locks = result.flatMap((p) => p.locks)
  return {
    properties: result,
    totals: {
      locks: locks.length,
      offline: locks.filter((l) => !l.online || !l.accountConnected).length,
      lowBattery: locks.filter((l) => l.battery !== null && isLowBattery(l.battery.status)).length,
      codes: locks.reduce((sum, l) => sum + l.codeCount, 0),
      problemCodes: locks.reduce((sum, l) => sum + l.problemCodeCount, 0),
      inProgress: locks.reduce((sum, l) => sum + l.inProgressCount, 0),
      needAttention: locks.filter((l) => l.attention !== null).length,
    },
  }
}
