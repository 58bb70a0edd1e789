import 'server-only'
import { sql, type Kysely } from 'kysely'
import { RateLimiterRes } from 'rate-limiter-flexible'
import RateLimiterStoreAbstract from 'rate-limiter-flexible/lib/RateLimiterStoreAbstract'
import type { Database } from '@/lib/db/schema'
import type { Clock } from '@/lib/time/clock'

/** A counter as the store holds it: points used, and when they expire (epoch ms; null never). */
interface StoredCounter {
  points: number
  expire: number | null
}

const toCounter = (row: { points: number | string; expire: number | string | null }): StoredCounter => ({
  points: Number(row.points),
  // PostgreSQL returns bigint as a string.
  expire: row.expire === null ? null : Number(row.expire),
})

export interface StoreRateLimiterOptions {
  /** Namespaces the keys: `<keyPrefix>:<key>`. */
  keyPrefix: string
  points: number
  /** Seconds the points last, from the first one. */
  duration: number
}

/**
 * A rate-limiter-flexible limiter whose counters live in our store's `rate_limits` table, through Kysely: one query
 * layer and one connection pool for SQLite and PostgreSQL, so several instances on one PostgreSQL share the counters,
 * and time from our clock, so tests walk through a block on the manual clock. The library's own RateLimiterPostgres
 * and RateLimiterSQLite want the raw pg pool / better-sqlite3 handle (which the store keeps to itself) and read
 * Date.now(). This is the extension the library documents: a RateLimiterStoreAbstract with `_upsert` (atomic, one
 * INSERT … ON CONFLICT … RETURNING), `_get`, `_delete` and `_getRateLimiterRes`. The table comes from migration
 * 0011, never from a request.
 */
export class StoreRateLimiter extends RateLimiterStoreAbstract {
  readonly #db: Kysely<Database>
  readonly #clock: Clock

  constructor(db: Kysely<Database>, clock: Clock, options: StoreRateLimiterOptions) {
    super({ ...options, storeClient: db })
    this.#db = db
    this.#clock = clock
  }

  _getRateLimiterRes(_rlKey: string, changedPoints: number, result: StoredCounter): RateLimiterRes {
    const isFirstInDuration = changedPoints === result.points
    const consumedPoints = isFirstInDuration ? changedPoints : result.points
    return new RateLimiterRes(
      Math.max(this.points - consumedPoints, 0),
      result.expire === null ? -1 : Math.max(result.expire - this.#clock.now().getTime(), 0),
      consumedPoints,
      isFirstInDuration,
    )
  }

  async _upsert(rlKey: string, points: number, msDuration: number, forceExpire = false): Promise<StoredCounter> {
    const now = this.#clock.now().getTime()
    const expire = msDuration > 0 ? now + msDuration : null
    // A live counter adds up; an expired one starts again. `forceExpire` (block, set) overwrites.
    const live = sql<boolean>`rate_limits.expire is null or rate_limits.expire > ${now}`
    const row = await this.#db
      .insertInto('rate_limits')
      .values({ key: rlKey, points, expire })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet(
          forceExpire
            ? { points: (eb) => eb.ref('excluded.points'), expire: (eb) => eb.ref('excluded.expire') }
            : {
                points: sql<number>`case when ${live} then rate_limits.points + excluded.points else excluded.points end`,
                expire: sql<number | null>`case when ${live} then rate_limits.expire else excluded.expire end`,
              },
        ),
      )
      .returning(['points', 'expire'])
      .executeTakeFirstOrThrow()
    return toCounter(row)
  }

  async _get(rlKey: string): Promise<StoredCounter | null> {
    const now = this.#clock.now().getTime()
    const row = await this.#db
      .selectFrom('rate_limits')
      .select(['points', 'expire'])
      .where('key', '=', rlKey)
      .where((eb) => eb.or([eb('expire', 'is', null), eb('expire', '>', now)]))
      .executeTakeFirst()
    return row === undefined ? null : toCounter(row)
  }

  async _delete(rlKey: string): Promise<boolean> {
    const result = await this.#db.deleteFrom('rate_limits').where('key', '=', rlKey).executeTakeFirst()
    return Number(result.numDeletedRows) > 0
  }
}

/** Drops counters that expired over an hour ago (the library's own limiters do the same on a timer). */
export async function purgeExpiredRateLimits(db: Kysely<Database>, clock: Clock): Promise<void> {
  await db
    .deleteFrom('rate_limits')
    .where('expire', '<', clock.now().getTime() - 3_600_000)
    .execute()
}
