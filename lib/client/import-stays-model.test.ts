import { describe, expect, it } from 'vitest'
import {
  fileProblem,
  filterImportRows,
  groupImportProblems,
  importCount,
  problemFilter,
  rowActionLabel,
  rowHasErrors,
  summarySentence,
} from '@/lib/client/import-stays-model'
import { problemLabel } from '@/lib/client/stays-model'
import type { LockProblem } from '@/lib/schemas/lock-check'
import { MAX_IMPORT_BYTES, type ImportRow } from '@/lib/schemas/stay'

const LOCK = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'
const OTHER = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'

const p = (
  problem: string,
  severity: LockProblem['severity'] = 'error',
  deviceId: string | null = LOCK,
): LockProblem => ({
  device_id: deviceId,
  problem,
  severity,
  message: problem,
})

const row = (line: number, action: ImportRow['action'], problems: LockProblem[] = []): ImportRow => ({
  line,
  reservation_key: `R${line}`,
  action,
  stay_id: null,
  problems,
})

const rows = [
  row(2, 'create'),
  row(3, 'error', [p('pin_in_use_on_lock'), p('pin_in_use_on_lock', 'error', OTHER)]),
  row(4, 'create', [p('lock_offline', 'warning')]),
  row(5, 'error', [p('unknown_property', 'error', null)]),
  row(6, 'error', [p('pin_in_use_on_lock'), p('lock_offline', 'warning')]),
  row(7, 'unchanged'),
]

describe('problems of an import, grouped', () => {
  it('counts rows and occurrences per kind, errors first, then the most rows', () => {
    expect(groupImportProblems(rows)).toEqual([
      {
        problem: 'pin_in_use_on_lock',
        severity: 'error',
        label: 'PIN already in use on the lock',
        rows: 2,
        occurrences: 3,
      },
      { problem: 'unknown_property', severity: 'error', label: 'Property not found', rows: 1, occurrences: 1 },
      {
        problem: 'lock_offline',
        severity: 'warning',
        label: 'Lock is offline: the code is set when it is back',
        rows: 2,
        occurrences: 2,
      },
    ])
    expect(groupImportProblems([row(2, 'create')])).toEqual([])
  })

  it('names a kind it does not know in words made from its code', () => {
    expect(problemLabel('duplicate_reservation_key_in_file')).toBe('Reservation key appears twice in the file')
    expect(problemLabel('row_too_wide')).toBe('Row too wide')
  })
})

describe('filtering the preview', () => {
  const lines = (kept: ImportRow[]) => kept.map((r) => r.line)
  it('keeps every row, the rows with errors, with warnings, or with one kind', () => {
    expect(lines(filterImportRows(rows, 'all'))).toEqual([2, 3, 4, 5, 6, 7])
    expect(lines(filterImportRows(rows, 'errors'))).toEqual([3, 5, 6])
    expect(lines(filterImportRows(rows, 'warnings'))).toEqual([4, 6])
    expect(lines(filterImportRows(rows, problemFilter('unknown_property')))).toEqual([5])
    expect(lines(filterImportRows(rows, problemFilter('no_free_slot')))).toEqual([])
  })

  it('marks a row with an error as skipped, and only those', () => {
    expect(rows.map(rowHasErrors)).toEqual([false, true, false, true, true, false])
    expect(rowActionLabel('error', true)).toBe('Will be skipped')
    expect(rowActionLabel('create', true)).toBe('Will be created')
    expect(rowActionLabel('update', false)).toBe('Updated')
  })
})

describe('summaries', () => {
  const summary = { create: 3, update: 1, unchanged: 2, error: 1 }
  it('says what a preview will do, and that rows with errors are skipped', () => {
    expect(summarySentence({ dry_run: true, summary })).toBe(
      '3 stays will be created and 1 updated; 2 are unchanged. 1 row has errors and will be skipped.',
    )
    expect(summarySentence({ dry_run: true, summary: { create: 0, update: 2, unchanged: 1, error: 0 } })).toBe(
      '2 stays will be updated; 1 is unchanged.',
    )
    expect(summarySentence({ dry_run: true, summary: { create: 0, update: 0, unchanged: 0, error: 2 } })).toBe(
      'Nothing will be created or updated. 2 rows have errors and will be skipped.',
    )
  })

  it('says what an import did', () => {
    expect(summarySentence({ dry_run: false, summary })).toBe(
      'Created 3 stays and updated 1 stay; 2 rows were unchanged. 1 row was skipped for errors.',
    )
    expect(summarySentence({ dry_run: false, summary: { create: 0, update: 0, unchanged: 4, error: 0 } })).toBe(
      'Nothing was created or updated; 4 rows were unchanged.',
    )
    expect(summarySentence({ dry_run: false, summary: { create: 0, update: 0, unchanged: 0, error: 0 } })).toBe(
      'The file has no rows of stays, only its header.',
    )
  })

  it('imports the rows it creates or updates', () => {
    expect(importCount(summary)).toBe(4)
  })
})

describe('choosing a file', () => {
  it('refuses an empty or too large file before sending it', () => {
    expect(fileProblem({ name: 'stays.csv', size: 0 })).toBe('stays.csv is empty.')
    const limitMb = MAX_IMPORT_BYTES / 1_000_000
    expect(fileProblem({ name: 'big.csv', size: MAX_IMPORT_BYTES + 500_000 })).toBe(
      `big.csv is ${(limitMb + 0.5).toFixed(1)} MB; an import takes at most ${limitMb} MB (about 5,000 rows). Split it into smaller files.`,
    )
    expect(fileProblem({ name: 'edge.csv', size: MAX_IMPORT_BYTES })).toBeUndefined()
    expect(fileProblem({ name: 'stays.csv', size: 1_000 })).toBeUndefined()
  })
})
