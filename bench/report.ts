// npm run bench's report: each figure against its target, as a table on the console and as JSON for the results file.
import { RARE_GUEST, SUPPORT_CODES_PER_LOCK, SUPPORT_LOCKS_PER_PROPERTY, SUPPORT_PROPERTIES } from './support-seed'
import { median, round } from './stats'

interface Target {
  op: '<=' | '>='
  value: number
}

export interface Figure {
  id: string
  label: string
  unit: string
  value: number
  perRepetition: number[]
  target?: Target
}

/** The support workspace's figures (bench/support-seed.ts): the problems queue's first page and searches. */
export interface SupportMeasurements {
  problemsMs: number[]
  problemsP95: number[]
  problemsCpu: number[]
  searchNameMs: number[]
  searchPageMs: number[]
  searchPinMs: number[]
  searchCpu: number[]
}

const SUPPORT_LOCKS = SUPPORT_PROPERTIES * SUPPORT_LOCKS_PER_PROPERTY
const SUPPORT_SIZE = `${SUPPORT_LOCKS} locks, ${(SUPPORT_LOCKS * SUPPORT_CODES_PER_LOCK).toLocaleString('en-US')} codes`

const verdict = (f: Figure): 'info' | 'PASS' | 'MISS' => {
  if (f.target === undefined) return 'info'
  const meets = f.target.op === '<=' ? f.value <= f.target.value : f.value >= f.target.value
  return meets ? 'PASS' : 'MISS'
}

export function supportFigures(m: SupportMeasurements): Figure[] {
  return [
    {
      id: 'problems_ms',
      label: `/problems/list first page, ${SUPPORT_SIZE} (median)`,
      unit: 'ms',
      value: median(m.problemsMs),
      perRepetition: m.problemsMs,
      target: { op: '<=', value: 100 },
    },
    {
      id: 'problems_p95_ms',
      label: '/problems/list first page (p95)',
      unit: 'ms',
      value: median(m.problemsP95),
      perRepetition: m.problemsP95,
    },
    {
      id: 'search_name_ms',
      label: `search across the workspace, a guest's name (“${RARE_GUEST}”, median)`,
      unit: 'ms',
      value: median(m.searchNameMs),
      perRepetition: m.searchNameMs,
      target: { op: '<=', value: 50 },
    },
    {
      id: 'search_page_ms',
      label: 'search across the workspace, a common name: first page of 50',
      unit: 'ms',
      value: median(m.searchPageMs),
      perRepetition: m.searchPageMs,
      target: { op: '<=', value: 50 },
    },
    {
      id: 'search_pin_ms',
      label: 'search across the workspace, PIN digits: first page of 50',
      unit: 'ms',
      value: median(m.searchPinMs),
      perRepetition: m.searchPinMs,
    },
    {
      id: 'problems_cpu_ms',
      label: 'server CPU per /problems/list',
      unit: 'ms',
      value: median(m.problemsCpu),
      perRepetition: m.problemsCpu,
    },
    {
      id: 'search_cpu_ms',
      label: 'server CPU per search (a guest’s name)',
      unit: 'ms',
      value: median(m.searchCpu),
      perRepetition: m.searchCpu,
    },
  ]
}

export function printTable(figures: readonly Figure[]): void {
  const rows = figures.map((f) => {
    const value = `${round(f.value, f.unit === 'req/s' || f.unit === 'MB' ? 0 : 2)} ${f.unit}`
    const target = f.target === undefined ? '—' : `${f.target.op === '<=' ? '≤' : '≥'} ${f.target.value} ${f.unit}`
    const reps = f.perRepetition.map((v) => round(v, f.unit === 'req/s' || f.unit === 'MB' ? 0 : 2)).join(' / ')
    return [f.label, value, target, verdict(f), reps]
  })
  const header = ['Figure', 'Median', 'Target', 'Result', 'Per repetition']
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ')
  console.log('')
  console.log(line(header))
  console.log(widths.map((w) => '-'.repeat(w)).join('  '))
  for (const row of rows) console.log(line(row))
  console.log('')
}

/** The figures as bench/results/latest.json keeps them. */
export const figureResults = (figures: readonly Figure[]) =>
  figures.map((f) => ({
    ...f,
    value: round(f.value, 3),
    perRepetition: f.perRepetition.map((v) => round(v, 3)),
    result: verdict(f),
  }))
