import 'server-only'
import type { CompiledQuery, Compilable, Kysely, QueryResult } from 'kysely'
import type { Database } from '@/lib/db/schema'

/**
 * Statements on the hot path of every write (an API key's workspace, a lock's row, a create's inserts), built with
 * Kysely's typed builder once and then only run. Building and compiling a query costs ~10–40 µs of CPU a statement
 * (an insert of a code's 28 columns the most), as much as SQLite takes to run most of ours; a create runs nine.
 *
 * `build` is called with stand-ins for the parameters, never with their values, so it describes the statement's
 * shape only and cannot branch on a value. The compiled SQL is kept per SQL dialect (one per store: a transaction
 * shares its store's) and per shape of the parameters: the length of every array (an `in (…)` list, the rows of a
 * multi-row insert) and the keys of every plain object (a row; keys whose value is `undefined` are left out, as
 * Kysely's `values()` leaves them out). Every other value is one parameter.
 */
export function prepared<P extends object, O>(
  build: (db: Kysely<Database>, params: P) => Compilable<O>,
): (db: Kysely<Database>, params: P) => Promise<QueryResult<O>> {
  const compiledByDialect = new WeakMap<object, Map<string, Plan<O>>>()
  return async (db, params) => {
    const adapter = db.getExecutor().adapter
    let plans = compiledByDialect.get(adapter)
    if (plans === undefined) {
      plans = new Map()
      compiledByDialect.set(adapter, plans)
    }
    const shape = shapeOf(params)
    let plan = plans.get(shape)
    if (plan === undefined) {
      plan = planOf(build(db, standIns(params, []) as P).compile())
      // Shapes differ by list lengths (a create_multiple of any number of locks): keep the latest few.
      if (plans.size >= SHAPES_KEPT) plans.delete(plans.keys().next().value as string)
      plans.set(shape, plan)
    }
    const parameters = plan.slots.map((slot) => (slot instanceof Slot ? valueAt(params, slot.path) : slot.constant))
    return await db.executeQuery<O>({ ...plan.compiled, parameters })
  }
}

/** Compiled shapes kept per statement and dialect; older ones are built again when asked for. */
export const SHAPES_KEPT = 32

/** Where a parameter's value is found in the params object: keys and indexes from its root. */
class Slot {
  constructor(readonly path: readonly (string | number)[]) {}
}

interface Plan<O> {
  compiled: CompiledQuery<O>
  /** For each parameter of the compiled SQL: where its value is, or the constant the builder put there itself. */
  slots: (Slot | { constant: unknown })[]
}

function planOf<O>(compiled: CompiledQuery<O>): Plan<O> {
  const slots = compiled.parameters.map((p) => {
    if (p instanceof Slot) return p
    // An object or array given whole as one value would keep its stand-ins: such a value is passed as JSON text.
    if (Array.isArray(p) || isPlainObject(p))
      throw new Error(`prepared(): a parameter of ${compiled.sql} is not a scalar`)
    return { constant: p }
  })
  return { compiled, slots }
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype

function shapeOf(value: unknown): string {
  if (Array.isArray(value)) {
    let shape = `[${value.length}`
    for (const item of value) if (Array.isArray(item) || isPlainObject(item)) shape += shapeOf(item)
    return `${shape}]`
  }
  if (isPlainObject(value)) {
    let shape = '{'
    for (const key in value) {
      const item = value[key]
      if (item === undefined) continue
      shape += `${key}${Array.isArray(item) || isPlainObject(item) ? shapeOf(item) : ''},`
    }
    return `${shape}}`
  }
  return ''
}

function standIns(value: unknown, path: (string | number)[]): unknown {
  if (Array.isArray(value)) return value.map((item, i) => standIns(item, [...path, i]))
  if (isPlainObject(value)) {
    const object: Record<string, unknown> = {}
    for (const key in value) if (value[key] !== undefined) object[key] = standIns(value[key], [...path, key])
    return object
  }
  return new Slot(path)
}

function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  let value = root
  for (const step of path) value = (value as Record<string | number, unknown>)[step]
  return value
}

/**
 * `rows` in chunks whose sizes are powers of two, largest first and none over `max` (a power of two): a multi-row
 * insert of any count then runs statements of a few shapes (at most log2(max) + 1), each compiled once, instead of
 * one new shape, compiled while the transaction holds the write lock, for every count.
 */
export function powerOfTwoChunks<T>(rows: readonly T[], max = 256): T[][] {
  const chunks: T[][] = []
  let start = 0
  for (let size = max; size >= 1; size /= 2) {
    while (rows.length - start >= size) {
      chunks.push(rows.slice(start, start + size))
      start += size
    }
  }
  return chunks
}
