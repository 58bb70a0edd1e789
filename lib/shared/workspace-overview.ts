import type { BatteryStatus } from '@/lib/shared/battery'
import type { IssueKind, IssueSeverity } from '@/lib/shared/issue-catalogue'

/** The Locks page's data (lib/dashboard/overview.ts reads it; the page and its lock cards show it). */

export interface LockProblem {
  kind: IssueKind
  /** The error or warning code, e.g. `failed_to_set_on_device`. */
  code: string
  /** The catalogue's human title, e.g. "Code could not be programmed". */
  title: string
  severity: IssueSeverity
  /** How many of the lock's codes have it. */
  codeCount: number
}

/** What the problems queue (/problems/list) has about a lock: the Locks page ranks and filters locks by it. */
export interface LockAttention {
  /** The severity of its most urgent problem. */
  severity: IssueSeverity
  /** The title of its most urgent problem, as the queue words it ("Lock is offline", "Arrival at risk: Okafor stay"). */
  title: string
  /** How many problems the queue lists for the lock. */
  count: number
}

export interface LockOverview {
  deviceId: string
  propertyId: string
  name: string
  manufacturer: string
  modelName: string
  online: boolean
  accountConnected: boolean
  battery: { level: number; status: BatteryStatus } | null
  /** Managed codes the API lists for the lock (deleted codes and unpulled backups excluded). */
  codeCount: number
  /** Codes (live, or deleted but still on the keypad) with at least one error or warning. */
  problemCodeCount: number
  /** Codes being set or removed, including deleted codes the lock has not yet dropped. */
  inProgressCount: number
  /** The lock's problems, most important first: critical before problem before notice, errors before warnings. */
  topProblems: LockProblem[]
  /** How many different problems (error and warning codes) its codes have; topProblems may list fewer. */
  distinctProblemCount: number
  /** Its problems in the queue; null when it has none. */
  attention: LockAttention | null
}

export interface PropertyOverview {
  propertyId: string
  name: string
  timezone: string
  /** The locks that need attention first (most urgent problem first, then most problems), then by name. */
  locks: LockOverview[]
}

export interface OverviewTotals {
  locks: number
  offline: number
  lowBattery: number
  codes: number
  problemCodes: number
  inProgress: number
  /** Locks with at least one problem in the queue. */
  needAttention: number
}

export interface WorkspaceOverview {
  properties: PropertyOverview[]
  totals: OverviewTotals
}
