import { z } from 'zod'
import { limit, pageCursor, paginationSchema, timestamp, uuid } from '@/lib/schemas/common'

/**
 * The problems queue (`/problems/list`, Latchkey's own): what is wrong in a workspace right now, most urgent first,
 * each in plain words with the fixes a click away.
 */

export const problemKinds = [
  /** A time-bound code starting within 72 hours (or already started) that will not work at the door as things are. */
  'arrival_at_risk',
  /** One per code and error (errors about the lock itself are one device problem instead). */
  'code_error',
  /** One per code and warning. */
  'code_warning',
  'device_offline',
  'account_disconnected',
  /** Another condition of the lock (a hub, bridge or gateway gone, a missing subscription…), once per lock. */
  'device_error',
  /** A warning about the lock that every code of it carries, once per lock. */
  'device_warning',
  'low_battery',
  /** At least 90 % of the keypad's slots are taken or promised to codes scheduled ahead. */
  'keypad_nearly_full',
  /** A deleted or expired code still on the keypad: its PIN still opens the door. */
  'stuck_removing',
  /** The workspace's Seam cannot be reached or is rate limiting (a Seam-backed lock, once per lock). */
  'seam_connection',
] as const
export const problemKind = z.enum(problemKinds, {
  message: `must be one of: ${problemKinds.join(', ')}`,
})
export type ProblemKind = z.infer<typeof problemKind>

export const problemSeverity = z.enum(['critical', 'problem', 'notice'])
export type ProblemSeverity = z.infer<typeof problemSeverity>

export const DEFAULT_PROBLEMS_LIMIT = 100
export const MAX_PROBLEMS_LIMIT = 1_000

export const listProblemsInput = z.strictObject({
  property_id: uuid.optional(),
  device_id: uuid.optional(),
  kind: problemKind.optional(),
  limit: limit(MAX_PROBLEMS_LIMIT).default(DEFAULT_PROBLEMS_LIMIT),
  page_cursor: pageCursor.optional(),
})
export type ListProblemsInput = z.infer<typeof listProblemsInput>
/** The query as a client sends it. */
export type ListProblemsQuery = z.input<typeof listProblemsInput>
/** The filters of the queue (what the dashboard's filters and URL carry). */
export type ProblemsFilter = Pick<ListProblemsInput, 'property_id' | 'device_id' | 'kind'>

/** What a click on a fix does: each names the API call (or page, or instructions) behind it, and says it in words. */
const described = { label: z.string(), description: z.string() }
export const problemAction = z.discriminatedUnion('action', [
  /** /access_codes/pull_backup_access_code: a spare PIN already on the lock, for the same stay. */
  z.object({ action: z.literal('pull_backup_access_code'), access_code_id: uuid, ...described }),
  /** /access_codes/update with no changes: the lock side tries the code again now. */
  z.object({ action: z.literal('retry_access_code'), access_code_id: uuid, ...described }),
  /** /access_codes/unmanaged/delete. */
  z.object({ action: z.literal('delete_unmanaged_access_code'), access_code_id: uuid, ...described }),
  /** /access_codes/unmanaged/convert_to_managed. */
  z.object({ action: z.literal('convert_to_managed'), access_code_id: uuid, ...described }),
  /** What to do to bring the lock maker's account back (nothing Latchkey can do alone). */
  z.object({
    action: z.literal('reconnect_account'),
    connected_account_id: uuid,
    instructions: z.string(),
    ...described,
  }),
  /** The code's page. */
  z.object({ action: z.literal('open_code'), access_code_id: uuid, ...described }),
  /** The lock's page. */
  z.object({ action: z.literal('open_device'), device_id: uuid, ...described }),
  /** The stay's page (every door of the guest's stay), for a code of a stay. */
  z.object({ action: z.literal('open_stay'), stay_id: uuid, ...described }),
])
export type ProblemAction = z.infer<typeof problemAction>

export const problemSchema = z.object({
  /** Stable while the problem lasts (kind, lock, code and issue code), so a list can key on it. */
  problem_id: z.string(),
  kind: problemKind,
  severity: problemSeverity,
  device_id: uuid,
  device_name: z.string(),
  property_id: uuid,
  property_name: z.string(),
  /** The property's IANA time zone, in which its times are shown. */
  property_timezone: z.string(),
  access_code_id: uuid.nullable(),
  /** The code's name as the dashboard shows it ("Unnamed code" when it has none). */
  access_code_name: z.string().nullable(),
  /** The stay the code is a door of (issue 8), or null. */
  stay_id: uuid.nullable(),
  /** When the code’s window opens (check-in), for problems about a time-bound code that has not ended. */
  starts_at: timestamp.nullable(),
  error_code: z.string().nullable(),
  warning_code: z.string().nullable(),
  /** Why it is a problem, as error or warning codes and Latchkey's own words (`not_on_lock_yet`, `battery_critical`…). */
  causes: z.array(z.string()),
  title: z.string(),
  /** What it means at the door. */
  message: z.string(),
  /** What to do. */
  remedy: z.string(),
  /** Since when, where Latchkey knows it. */
  created_at: timestamp.nullable(),
  actions: z.array(problemAction),
})
export type Problem = z.infer<typeof problemSchema>

export const problemCounts = z.object({
  total: z.number().int(),
  critical: z.number().int(),
  problem: z.number().int(),
  notice: z.number().int(),
})
export type ProblemCounts = z.infer<typeof problemCounts>

export const listProblemsResponse = z.object({
  problems: z.array(problemSchema),
  /** Every problem the filters match, not only this page's. */
  counts: problemCounts,
  pagination: paginationSchema,
})
export type ListProblemsResponse = z.infer<typeof listProblemsResponse>

/**
 * The filters an address asks for that the workspace can match (its properties and locks, a kind that exists):
 * the dashboard leaves out the others rather than refuse the page, and the server and the browser read an address
 * the same way.
 */
export function problemsFilterOf(
  requested: {
    property_id?: string | null | undefined
    device_id?: string | null | undefined
    kind?: string | null | undefined
  },
  workspace: { propertyIds: readonly string[]; deviceIds: readonly string[] },
): ProblemsFilter {
  const filter: ProblemsFilter = {}
  if (requested.property_id != null && workspace.propertyIds.includes(requested.property_id))
    filter.property_id = requested.property_id
  if (requested.device_id != null && workspace.deviceIds.includes(requested.device_id))
    filter.device_id = requested.device_id
  const kind = problemKinds.find((k) => k === requested.kind)
  if (kind !== undefined) filter.kind = kind
  return filter
}
