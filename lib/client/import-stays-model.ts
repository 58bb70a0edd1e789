import { problemLabel } from '@/lib/client/stays-model'
import type { LockProblem } from '@/lib/schemas/lock-check'
import { MAX_IMPORT_BYTES, type ImportRow, type ImportStaysResponse } from '@/lib/schemas/stay'

/**
 * The CSV import page as pure data: each kind of problem in words, the preview's problems grouped by kind with their
 * counts, the rows a filter keeps, and the summary sentences of a preview and of an import.
 */

export interface ProblemGroup {
  problem: string
  severity: LockProblem['severity']
  label: string
  /** Rows that have it. */
  rows: number
  /** Times it occurs (a row of three locks may have it three times). */
  occurrences: number
}

/** Every kind of problem of the rows: errors first, then the most frequent, then by name. */
export function groupImportProblems(rows: readonly Pick<ImportRow, 'problems'>[]): ProblemGroup[] {
  const groups = new Map<string, ProblemGroup>()
  for (const row of rows) {
    const seen = new Set<string>()
    for (const p of row.problems) {
      const key = `${p.severity}:${p.problem}`
      let group = groups.get(key)
      if (group === undefined) {
        group = { problem: p.problem, severity: p.severity, label: problemLabel(p.problem), rows: 0, occurrences: 0 }
        groups.set(key, group)
      }
      group.occurrences += 1
      if (!seen.has(key)) {
        seen.add(key)
        group.rows += 1
      }
    }
  }
  return [...groups.values()].sort(
    (a, b) =>
      (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) ||
      b.rows - a.rows ||
      a.label.localeCompare(b.label),
  )
}

/** Which rows the preview shows: all, those with an error or a warning, or those with one kind of problem. */
export type ImportRowFilter = 'all' | 'errors' | 'warnings' | `problem:${string}`

export const problemFilter = (problem: string): ImportRowFilter => `problem:${problem}`

export function filterImportRows<T extends Pick<ImportRow, 'problems'>>(
  rows: readonly T[],
  filter: ImportRowFilter,
): T[] {
  if (filter === 'all') return [...rows]
  if (filter === 'errors') return rows.filter((r) => r.problems.some((p) => p.severity === 'error'))
  if (filter === 'warnings') return rows.filter((r) => r.problems.some((p) => p.severity === 'warning'))
  const problem = filter.slice('problem:'.length)
  return rows.filter((r) => r.problems.some((p) => p.problem === problem))
}

export const rowHasErrors = (row: Pick<ImportRow, 'action' | 'problems'>): boolean =>
  row.action === 'error' || row.problems.some((p) => p.severity === 'error')

/** How a row's action reads, before (preview) and after the import. */
export function rowActionLabel(action: ImportRow['action'], dryRun: boolean): string {
  switch (action) {
    case 'create':
      return dryRun ? 'Will be created' : 'Created'
    case 'update':
      return dryRun ? 'Will be updated' : 'Updated'
    case 'unchanged':
      return 'Unchanged'
    case 'error':
      return dryRun ? 'Will be skipped' : 'Skipped'
  }
}

/** The stays an import writes: those created and those updated. */
export const importCount = (summary: ImportStaysResponse['summary']): number => summary.create + summary.update

const count = (n: number, one: string, many: string): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`

/** "3 stays will be created and 1 updated; 2 are unchanged. 1 row has errors and will be skipped." */
export function summarySentence(answer: Pick<ImportStaysResponse, 'summary' | 'dry_run'>): string {
  const { create, update, unchanged, error } = answer.summary
  const total = create + update + unchanged + error
  if (total === 0) return 'The file has no rows of stays, only its header.'
  const parts: string[] = []
  if (answer.dry_run) {
    const writes = [
      ...(create > 0 ? [`${count(create, 'stay', 'stays')} will be created`] : []),
      ...(update > 0
        ? [
            create > 0
              ? `${update.toLocaleString('en-US')} updated`
              : `${count(update, 'stay', 'stays')} will be updated`,
          ]
        : []),
    ]
    parts.push(writes.length === 0 ? 'Nothing will be created or updated' : writes.join(' and '))
    if (unchanged > 0) parts[0] += `; ${count(unchanged, 'is', 'are')} unchanged`
    if (error > 0) parts.push(`${count(error, 'row has', 'rows have')} errors and will be skipped`)
  } else {
    const writes = [
      ...(create > 0 ? [`Created ${count(create, 'stay', 'stays')}`] : []),
      ...(update > 0 ? [`${create > 0 ? 'updated' : 'Updated'} ${count(update, 'stay', 'stays')}`] : []),
    ]
    parts.push(writes.length === 0 ? 'Nothing was created or updated' : writes.join(' and '))
    if (unchanged > 0) parts[0] += `; ${count(unchanged, 'row was', 'rows were')} unchanged`
    if (error > 0) parts.push(`${count(error, 'row was', 'rows were')} skipped for errors`)
  }
  return parts.map((p) => `${p}.`).join(' ')
}

/** Why a chosen file cannot be sent, or undefined when it can. */
export function fileProblem(file: { name: string; size: number }): string | undefined {
  if (file.size === 0) return `${file.name} is empty.`
  if (file.size > MAX_IMPORT_BYTES)
    return `${file.name} is ${(file.size / 1_000_000).toFixed(1)} MB; an import takes at most ${MAX_IMPORT_BYTES / 1_000_000} MB (about 5,000 rows). Split it into smaller files.`
  return undefined
}

/** How many rows the preview table shows at first, and adds with each "Show more". */
export const ROWS_PAGE = 100
