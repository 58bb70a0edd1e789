// Helpers of the CSV import's tests (tests/api/stays/import*.test.ts): build a file, send it to /stays/import, and
// read back what it wrote, over the simulation fixture's store, server and sandbox locks (one property, America/New_York,
// clock at 2026-03-02 12:00 UTC; its locks are named "August lock", "Schlage lock", … after their brands).
import { expect } from 'vitest'
import type { Database } from '@/lib/db/schema'
import { importStaysResponse, stayResponse, type ImportStaysResponse, type Stay } from '@/lib/schemas/stay'
import type { HttpClient } from '@/tests/support/http-client'
import { http, store, workspace } from '@/tests/support/simulation-api'

export const HEADER = 'reservation_key,guest_name,property,locks,check_in,check_out,code'
export const PROPERTY = 'Simulations property'
/** A window a few days after the fixture's clock, on the property's wall clock (New York: UTC-5, then UTC-4 from March 8). */
export const CHECK_IN = '2026-03-05 16:00'
export const CHECK_OUT = '2026-03-08 11:00'
export const CHECK_IN_UTC = '2026-03-05T21:00:00.000Z'
export const CHECK_OUT_UTC = '2026-03-08T15:00:00.000Z'

/** One CSV line from values, quoting those that need it. */
export const csvLine = (values: readonly string[]): string =>
  values.map((v) => (/[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v)).join(',')

/** A stay's row with the usual property and window; `locks` joined by ";". */
export const stayLine = (
  key: string,
  guest: string,
  locks: readonly string[],
  code = '',
  window: { in?: string; out?: string; property?: string } = {},
): string =>
  csvLine([
    key,
    guest,
    window.property ?? PROPERTY,
    locks.join(';'),
    window.in ?? CHECK_IN,
    window.out ?? CHECK_OUT,
    code,
  ])

export const csvOf = (...lines: string[]): string => `${[HEADER, ...lines].join('\n')}\n`

/** /stays/import, checked against its schema; the summary must count the rows' actions. */
export async function importCsv(csv: string, dryRun: boolean, client: HttpClient = http): Promise<ImportStaysResponse> {
  const { ok: _ok, ...body } = await client.ok<ImportStaysResponse>('/stays/import', { csv, dry_run: dryRun })
  const answer = importStaysResponse.parse(body)
  expect(answer.dry_run).toBe(dryRun)
  const counted = { create: 0, update: 0, unchanged: 0, error: 0 }
  for (const row of answer.rows) counted[row.action] += 1
  expect(answer.summary).toEqual(counted)
  for (const row of answer.rows) {
    expect(row.action === 'error', `line ${row.line}`).toBe(row.problems.some((p) => p.severity === 'error'))
    for (const p of row.problems) expect(p.message, `line ${row.line} ${p.problem}`).not.toBe('')
  }
  return answer
}

/** Each row as `line action problem@lock …` (lock by name, `-` for the row's own), for one exact assertion. */
export async function outline(answer: ImportStaysResponse): Promise<string[]> {
  const names = await lockNames()
  return answer.rows.map((r) =>
    [
      r.line,
      r.action,
      ...r.problems.map((p) => `${p.problem}@${p.device_id === null ? '-' : (names.get(p.device_id) ?? p.device_id)}`),
    ].join(' '),
  )
}

async function lockNames(): Promise<Map<string, string>> {
  const rows = await store.db.selectFrom('devices').select(['device_id', 'display_name']).execute()
  return new Map(rows.map((r) => [r.device_id, r.display_name]))
}

/** The workspace's lock with that name. */
export async function lockId(name: string, workspaceId = workspace.workspace_id): Promise<string> {
  const row = await store.db
    .selectFrom('devices')
    .select('device_id')
    .where('display_name', '=', name)
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirstOrThrow()
  return row.device_id
}

/** The stay with that key, through /stays/get. */
export async function stayOf(reservationKey: string, client: HttpClient = http): Promise<Stay> {
  const { ok: _ok, ...body } = await client.ok('/stays/get', { reservation_key: reservationKey })
  return stayResponse.parse(body).stay
}

/** Rows in the tables an import writes to, to show that nothing was written. */
export async function tableCounts(): Promise<Record<string, number>> {
  const tables = ['stays', 'access_codes', 'events', 'sync_jobs'] as const satisfies readonly (keyof Database)[]
  const counts: Record<string, number> = {}
  for (const table of tables) {
    const { n } = await store.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    counts[table] = Number(n)
  }
  return counts
}
