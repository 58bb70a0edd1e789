// npm run bench's report: each figure against its target, as a table on the console and as JSON for the results file.
import { MULTI_DEVICES } from './seed'
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

/** What the scenarios measured, one value per repetition: ms, req/s, or MB. */
export interface Measurements {
  createMs: number[]
  createP95: number[]
  createCpu: number[]
  multiGenerated: number[]
  multiGiven: number[]
  multiGeneratedCpu: number[]
  multiGivenCpu: number[]
  listMedian: number[]
  listP95: number[]
  listCold: number[]
  listCpu: number[]
  plainRps: number[]
  pollerRps: number[]
  plainCpu: number[]
  pollerCpu: number[]
  gzipRps: number
  peakMb: number
  peakWithGzipMb: number
  /** The whole process tree's peak, when `next start` forked a separate server process. */
  treeRssMb?: number | undefined
  /** The support workspace (bench/support-seed.ts): the problems queue's first page and workspace-wide searches. */
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

export function figuresOf(m: Measurements, settings: { creates: number; clients: number }): Figure[] {
  const figures: Figure[] = [
    {
      id: 'create_ms',
      label: `create, ${settings.creates} sequential on one device (median)`,
      unit: 'ms',
      value: median(m.createMs),
      perRepetition: m.createMs,
      target: { op: '<=', value: 1.5 },
    },
    { id: 'create_p95_ms', label: 'create, p95', unit: 'ms', value: median(m.createP95), perRepetition: m.createP95 },
    {
      id: 'create_multiple_generated_ms',
      label: `create_multiple on ${MULTI_DEVICES} devices, generated PIN`,
      unit: 'ms',
      value: median(m.multiGenerated),
      perRepetition: m.multiGenerated,
      target: { op: '<=', value: 5 },
    },
    {
      id: 'create_multiple_given_ms',
      label: `create_multiple on ${MULTI_DEVICES} devices, given PIN`,
      unit: 'ms',
      value: median(m.multiGiven),
      perRepetition: m.multiGiven,
      target: { op: '<=', value: 5 },
    },
    {
      id: 'list_ms',
      label: `list of ${settings.creates} codes (median)`,
      unit: 'ms',
      value: median(m.listMedian),
      perRepetition: m.listMedian,
      target: { op: '<=', value: 7 },
    },
    {
      id: 'list_p95_ms',
      label: `list of ${settings.creates} codes (p95)`,
      unit: 'ms',
      value: median(m.listP95),
      perRepetition: m.listP95,
    },
    {
      id: 'list_cold_ms',
      label: 'list after a write (cache miss)',
      unit: 'ms',
      value: median(m.listCold),
      perRepetition: m.listCold,
    },
    {
      id: 'list_rps',
      label: `list throughput, ${settings.clients} clients`,
      unit: 'req/s',
      value: median(m.plainRps),
      perRepetition: m.plainRps,
      target: { op: '>=', value: 300 },
    },
    {
      id: 'list_304_rps',
      label: `list throughput, ${settings.clients} If-None-Match pollers`,
      unit: 'req/s',
      value: median(m.pollerRps),
      perRepetition: m.pollerRps,
      target: { op: '>=', value: 300 },
    },
    {
      id: 'list_gzip_rps',
      label: `list throughput, ${settings.clients} clients, gzip`,
      unit: 'req/s',
      value: m.gzipRps,
      perRepetition: [m.gzipRps],
    },
    {
      id: 'create_cpu_ms',
      label: 'server CPU per create',
      unit: 'ms',
      value: median(m.createCpu),
      perRepetition: m.createCpu,
    },
    {
      id: 'create_multiple_generated_cpu_ms',
      label: 'server CPU per create_multiple, generated PIN',
      unit: 'ms',
      value: median(m.multiGeneratedCpu),
      perRepetition: m.multiGeneratedCpu,
    },
    {
      id: 'create_multiple_given_cpu_ms',
      label: 'server CPU per create_multiple, given PIN',
      unit: 'ms',
      value: median(m.multiGivenCpu),
      perRepetition: m.multiGivenCpu,
    },
    {
      id: 'list_cpu_ms',
      label: 'server CPU per list (sequential)',
      unit: 'ms',
      value: median(m.listCpu),
      perRepetition: m.listCpu,
    },
    {
      id: 'list_load_cpu_ms',
      label: `server CPU per list (${settings.clients} clients)`,
      unit: 'ms',
      value: median(m.plainCpu),
      perRepetition: m.plainCpu,
    },
    {
      id: 'list_304_cpu_ms',
      label: 'server CPU per 304',
      unit: 'ms',
      value: median(m.pollerCpu),
      perRepetition: m.pollerCpu,
    },
    {
      id: 'peak_rss_mb',
      label: 'server peak RSS (VmHWM), scenarios a–d',
      unit: 'MB',
      value: m.peakMb,
      perRepetition: [m.peakMb],
      target: { op: '<=', value: 250 },
    },
    {
      id: 'peak_rss_with_gzip_mb',
      label: 'server peak RSS, including the gzip run',
      unit: 'MB',
      value: m.peakWithGzipMb,
      perRepetition: [m.peakWithGzipMb],
    },
  ]
  figures.push(
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
  )
  if (m.treeRssMb !== undefined) {
    figures.push({
      id: 'tree_rss_mb',
      label: 'peak RSS, whole process tree',
      unit: 'MB',
      value: m.treeRssMb,
      perRepetition: [m.treeRssMb],
    })
  }
  return figures
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
