import 'server-only'
import type { ServiceContext } from '@/lib/context'
import { isUuid } from '@/lib/ids'
import { pinCode } from '@/lib/schemas/access-code'
import type { LockProblem } from '@/lib/schemas/lock-check'
import { guestName, MAX_STAY_DOORS, reservationKey } from '@/lib/schemas/stay'
import type { StaysCsvRow } from '@/lib/stays/import/parse-stays-csv'
import { parseStayTime } from '@/lib/stays/import/stay-time'
import type { StayDraft } from '@/lib/stays/plan-stay'
import type { z } from 'zod'

/**
 * The rows of a stays CSV → the stays they ask for: the property by name or id, each lock by name or id, the times
 * read in the property's zone, and every problem of the row itself (device_id null) in words. Two queries for the
 * whole file (the workspace's properties, then its locks); the locks' own checks come later, in the plan.
 */

export interface ResolvedRow {
  line: number
  /** The row's key as written (trimmed), or null when the cell is empty. */
  reservationKey: string | null
  /**
   * The stay the row asks for; undefined when a problem of the row stops it. A check-out already past does not: the
   * row may be a stay imported before, which a re-import leaves as it is (see import-stays.ts).
   */
  draft: StayDraft | undefined
  problems: LockProblem[]
}

interface PropertyEntry {
  propertyId: string
  name: string
  timezone: string
}

interface LockEntry {
  deviceId: string
  name: string
  propertyId: string
  removed: boolean
}

const rowProblem = (problem: string, message: string): LockProblem => ({
  device_id: null,
  problem,
  severity: 'error',
  message,
})

/** Names compare as a person reads them: case and surrounding or repeated spaces do not matter. */
const nameKey = (name: string): string => name.trim().replace(/\s+/g, ' ').toLowerCase()

const quoted = (value: string): string => JSON.stringify(value)

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const k = key(item)
    const group = groups.get(k)
    if (group === undefined) groups.set(k, [item])
    else group.push(item)
  }
  return groups
}

/** The first message zod gives for a value, or undefined when it is valid. */
function refusalOf(schema: z.ZodType, value: string): string | undefined {
  const parsed = schema.safeParse(value)
  return parsed.success ? undefined : parsed.error.issues[0]?.message
}

class WorkspaceDirectory {
  readonly #propertiesById: Map<string, PropertyEntry>
  readonly #propertiesByName: Map<string, PropertyEntry[]>
  readonly #locksById: Map<string, LockEntry>
  readonly #locksByName: Map<string, LockEntry[]>

  constructor(properties: PropertyEntry[], locks: LockEntry[]) {
    this.#propertiesById = new Map(properties.map((p) => [p.propertyId, p]))
    this.#propertiesByName = groupBy(properties, (p) => nameKey(p.name))
    this.#locksById = new Map(locks.map((l) => [l.deviceId, l]))
    this.#locksByName = groupBy(locks, (l) => nameKey(l.name))
  }

  property(value: string): PropertyEntry | LockProblem {
    const byId = isUuid(value) ? this.#propertiesById.get(value.toLowerCase()) : undefined
    if (byId !== undefined) return byId
    const named = this.#propertiesByName.get(nameKey(value)) ?? []
    const [only] = named
    if (named.length === 1 && only !== undefined) return only
    if (named.length > 1)
      return rowProblem(
        'unknown_property',
        `${named.length} properties are named ${quoted(value)}: write the property's id instead ` +
          `(${named.map((p) => p.propertyId).join(' or ')}).`,
      )
    return rowProblem(
      'unknown_property',
      isUuid(value)
        ? `No property has the id ${value} in this workspace.`
        : `No property is named ${quoted(value)} in this workspace.`,
    )
  }

  propertyName(propertyId: string): string {
    return this.#propertiesById.get(propertyId)?.name ?? 'its property'
  }

  /**
   * A lock by id, or by name: among the row's property's locks first, then the workspace's (a shared door may belong
   * to another property); locks still in service before removed ones. A name two locks share at that step is refused.
   */
  lock(value: string, property: PropertyEntry | undefined): string | LockProblem {
    const byId = isUuid(value) ? this.#locksById.get(value.toLowerCase()) : undefined
    if (byId !== undefined) return byId.deviceId
    if (isUuid(value)) return rowProblem('unknown_lock', `No lock has the id ${value} in this workspace.`)
    const named = this.#locksByName.get(nameKey(value)) ?? []
    const tiers = [
      named.filter((l) => !l.removed && l.propertyId === property?.propertyId),
      named.filter((l) => !l.removed),
      named,
    ]
    for (const tier of tiers) {
      const [only] = tier
      if (tier.length === 1 && only !== undefined) return only.deviceId
      if (tier.length > 1)
        return rowProblem(
          'unknown_lock',
          `${tier.length} locks are named ${quoted(value)} ` +
            `(${tier.map((l) => `${l.deviceId} in ${this.propertyName(l.propertyId)}`).join(', ')}): ` +
            'write the lock’s id instead of its name.',
        )
    }
    return rowProblem(
      'unknown_lock',
      `No lock is named ${quoted(value)} in ${property === undefined ? 'this workspace' : `${property.name} or elsewhere in this workspace`}.`,
    )
  }
}

async function loadDirectory(ctx: ServiceContext): Promise<WorkspaceDirectory> {
  const properties = await ctx.db
    .selectFrom('properties')
    .select(['property_id', 'name', 'timezone'])
    .where('workspace_id', '=', ctx.workspaceId)
    .execute()
  const locks = await ctx.db
    .selectFrom('devices')
    .select(['device_id', 'display_name', 'property_id', 'removed_at'])
    .where('workspace_id', '=', ctx.workspaceId)
    .execute()
  return new WorkspaceDirectory(
    properties.map((p) => ({ propertyId: p.property_id, name: p.name, timezone: p.timezone })),
    locks.map((l) => ({
      deviceId: l.device_id,
      name: l.display_name,
      propertyId: l.property_id,
      removed: l.removed_at !== null,
    })),
  )
}

function resolveRow(row: StaysCsvRow, directory: WorkspaceDirectory, now: Date): ResolvedRow {
  const { values } = row
  const problems: LockProblem[] = row.problems.map((message) => rowProblem('invalid_row', `${message}.`))
  const invalid = (column: string, why: string): void => {
    problems.push(rowProblem('invalid_row', `${column} ${why}.`))
  }
  const required = (column: keyof StaysCsvRow['values']): string | undefined => {
    const value = values[column]
    if (value === '') invalid(column, 'is empty')
    return value === '' ? undefined : value
  }

  const key = required('reservation_key')
  const keyRefusal = key === undefined ? undefined : refusalOf(reservationKey, key)
  if (keyRefusal !== undefined) invalid('reservation_key', keyRefusal)
  const guest = required('guest_name')
  const guestRefusal = guest === undefined ? undefined : refusalOf(guestName, guest)
  if (guestRefusal !== undefined) invalid('guest_name', guestRefusal)

  const propertyValue = required('property')
  const found = propertyValue === undefined ? undefined : directory.property(propertyValue)
  const property = found !== undefined && 'propertyId' in found ? found : undefined
  if (found !== undefined && !('propertyId' in found)) problems.push(found)

  const lockNames = values.locks
    .split(';')
    .map((name) => name.trim())
    .filter((name) => name !== '')
  if (values.locks === '') invalid('locks', 'is empty: name at least one lock (names or ids, separated by ";")')
  else if (lockNames.length === 0) invalid('locks', 'names no lock (names or ids, separated by ";")')
  else if (lockNames.length > MAX_STAY_DOORS)
    invalid('locks', `names ${lockNames.length} locks; a stay has at most ${MAX_STAY_DOORS}`)
  const deviceIds: string[] = []
  for (const name of lockNames.slice(0, MAX_STAY_DOORS)) {
    const lock = directory.lock(name, property)
    if (typeof lock !== 'string') problems.push(lock)
    // The same lock written twice (by name and by id, say) is one door.
    else if (!deviceIds.includes(lock)) deviceIds.push(lock)
  }

  const time = (column: 'check_in' | 'check_out'): string | undefined => {
    const value = required(column)
    if (value === undefined) return undefined
    const parsed = parseStayTime(value, property?.timezone)
    if ('instant' in parsed) return parsed.instant
    // Without the property its zone is unknown, and the property's own problem already says why.
    if ('error' in parsed) invalid(column, `${quoted(value)} ${parsed.error}`)
    return undefined
  }
  const checkIn = time('check_in')
  const checkOut = time('check_out')
  if (checkIn !== undefined && checkOut !== undefined && checkOut <= checkIn)
    problems.push(
      rowProblem(
        'check_out_not_after_check_in',
        `check_out ${quoted(values.check_out)} is not after check_in ${quoted(values.check_in)}.`,
      ),
    )
  else if (checkOut !== undefined && checkOut <= now.toISOString())
    problems.push(
      rowProblem(
        'check_out_in_past',
        `check_out ${quoted(values.check_out)} has already passed: the stay is over, so there is nothing to schedule.`,
      ),
    )

  const code = values.code === '' ? null : values.code
  const codeRefusal = code === null ? undefined : refusalOf(pinCode, code)
  if (codeRefusal !== undefined) invalid('code', `${quoted(values.code)} ${codeRefusal}`)

  const complete =
    problems.every((p) => p.problem === 'check_out_in_past') &&
    key !== undefined &&
    guest !== undefined &&
    property !== undefined &&
    checkIn !== undefined &&
    checkOut !== undefined
  return {
    line: row.line,
    reservationKey: key ?? null,
    draft: complete
      ? {
          reservationKey: key,
          guestName: guest,
          propertyId: property.propertyId,
          deviceIds,
          checkIn,
          checkOut,
          code,
        }
      : undefined,
    problems,
  }
}

/** Resolves every row (two queries in all), then marks each repeat of a reservation key after its first row. */
export async function resolveRows(ctx: ServiceContext, rows: readonly StaysCsvRow[]): Promise<ResolvedRow[]> {
  const directory = await loadDirectory(ctx)
  const now = ctx.clock.now()
  const firstLineOf = new Map<string, number>()
  return rows.map((row) => {
    const resolved = resolveRow(row, directory, now)
    const key = resolved.reservationKey
    if (key === null) return resolved
    const first = firstLineOf.get(key)
    if (first === undefined) {
      firstLineOf.set(key, row.line)
      return resolved
    }
    return {
      ...resolved,
      draft: undefined,
      problems: [
        rowProblem(
          'duplicate_reservation_key_in_file',
          `Reservation ${quoted(key)} is already on line ${first}: each stay appears once in the file.`,
        ),
        ...resolved.problems,
      ],
    }
  })
}
