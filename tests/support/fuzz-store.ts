// The endpoint fuzz's check that a refused request changed nothing: a fingerprint of every table of the store (row
// count, and a digest of the rows of the workspaces in play, in one query), compared before and after.
import { createHash } from 'node:crypto'
import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { Database } from '@/lib/db/schema'

/**
 * Book-keeping that any request may touch, refused or not: the migrations' own tables, rate-limit counters (a
 * refusal counts against the caller too), and when a session or key was last seen.
 */
const IGNORED_TABLE = /^kysely_|rate_?limit|limiter/i
const IGNORED_COLUMN = /^last_(seen|used|active)|_(seen|used)_at$/i

export type StoreFingerprint = ReadonlyMap<string, string>

interface FingerprintRow {
  t: string
  n: number | string
  h: string
}

const quoteName = (name: string): string => `"${name.replaceAll('"', '""')}"`

export class StoreFingerprinter {
  readonly #db: Kysely<Database>
  readonly #engine: 'sqlite' | 'postgres'
  #query: ((workspaceIds: readonly string[]) => RawBuilder<FingerprintRow>) | undefined

  constructor(db: Kysely<Database>, engine: 'sqlite' | 'postgres') {
    this.#db = db
    this.#engine = engine
  }

  /** The tables and columns, read once: the schema does not change while the fuzz runs. */
  async #columns(): Promise<Map<string, string[]>> {
    const rows =
      this.#engine === 'sqlite'
        ? await sql<{ table_name: string; column_name: string }>`
            select m.name as table_name, p.name as column_name
            from sqlite_master m join pragma_table_info(m.name) p
            where m.type = 'table' and m.name not like 'sqlite_%'
            order by m.name, p.cid`.execute(this.#db)
        : await sql<{ table_name: string; column_name: string }>`
            select c.table_name, c.column_name
            from information_schema.columns c
            join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
            where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
            order by c.table_name, c.ordinal_position`.execute(this.#db)
    const columns = new Map<string, string[]>()
    for (const { table_name, column_name } of rows.rows) {
      if (IGNORED_TABLE.test(table_name) || IGNORED_COLUMN.test(column_name)) continue
      columns.set(table_name, [...(columns.get(table_name) ?? []), column_name])
    }
    return columns
  }

  /**
   * One query for every table: its row count, and a digest of its rows — of the workspaces in scope only, where a
   * table says whose a row is (workspace_id, or device_id of a device of theirs), so the check costs the same however
   * many workspaces the store has. A row added anywhere still shows in the count.
   */
  async #buildQuery(): Promise<(workspaceIds: readonly string[]) => RawBuilder<FingerprintRow>> {
    const parts: ((ids: RawBuilder<unknown>) => RawBuilder<unknown>)[] = []
    for (const [table, columns] of await this.#columns()) {
      const cols = columns.map(quoteName)
      const name = sql.lit(table)
      const from = sql.raw(quoteName(table))
      const scoped = (ids: RawBuilder<unknown>): RawBuilder<unknown> =>
        columns.includes('workspace_id')
          ? sql`where workspace_id in (${ids})`
          : columns.includes('device_id')
            ? sql`where device_id in (select device_id from devices where workspace_id in (${ids}))`
            : sql``
      const count = sql`(select count(*) from ${from})`
      if (this.#engine === 'sqlite') {
        const row = sql.raw(cols.map((c) => `quote(${c})`).join(` || ',' || `))
        const order = sql.raw(cols.join(', '))
        parts.push(
          (ids) =>
            sql`select ${name} as t, ${count} as n, coalesce(group_concat(r, '|'), '') as h from (select ${row} as r from ${from} ${scoped(ids)} order by ${order})`,
        )
      } else {
        const row = sql.raw(`concat_ws(',', ${cols.map((c) => `coalesce(${c}::text, '∅')`).join(', ')})`)
        parts.push(
          (ids) =>
            sql`select ${name} as t, ${count}::int as n, md5(coalesce(string_agg(${row}, '|' order by ${row}), '')) as h from ${from} ${scoped(ids)}`,
        )
      }
    }
    return (workspaceIds) => {
      const ids = sql.join(workspaceIds.map((id) => sql`${id}`))
      return sql<FingerprintRow>`${sql.join(
        parts.map((p) => p(ids)),
        sql` union all `,
      )}`
    }
  }

  /** Table → "rows:digest" of the store now, the digest over the rows of these workspaces. */
  async take(workspaceIds: readonly string[]): Promise<StoreFingerprint> {
    this.#query ??= await this.#buildQuery()
    const result = await this.#query(workspaceIds).execute(this.#db)
    return new Map(
      result.rows.map((r) => [
        r.t,
        `${Number(r.n)}:${r.h.length > 64 ? createHash('sha1').update(r.h).digest('hex') : r.h}`,
      ]),
    )
  }
}

/** The tables whose rows differ between two fingerprints. */
export function changedTables(before: StoreFingerprint, after: StoreFingerprint): string[] {
  const tables = new Set([...before.keys(), ...after.keys()])
  return [...tables].filter((t) => before.get(t) !== after.get(t)).sort()
}
