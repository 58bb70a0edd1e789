// npm run bench's comparison table: each figure for Latchkey (reconciler on, as `npm start` ships, and off) next to
// Seam's fake in the same run, the ratio, the target and PASS / MISS. Printed, and written as Markdown and JSON.
import type { CompareMeasurements } from './compare'
import { median, round } from './stats'

/** Which way is better, and the target: a ratio to the fake (× faster), and optionally an absolute bound. */
interface ComparedFigure {
  id: string
  label: string
  unit: 'ms' | 'req/s' | 'MB'
  pick: (m: CompareMeasurements) => number
  /** Latchkey ÷ fake for req/s, fake ÷ Latchkey for ms: how many times better Latchkey is. */
  ratioAtLeast?: number
  absolute?: { op: '<=' | '>='; value: number }
}

export interface ComparedRow {
  id: string
  label: string
  unit: string
  target: string
  fake: number
  latchkey: Record<string, { value: number; ratio: number; result: 'PASS' | 'MISS' | 'info' }>
}

const med = (values: readonly number[]): number => median(values)

export function comparedFigures(multiLocks: number, creates: number, clients: number): ComparedFigure[] {
  return [
    {
      id: 'list_ms',
      label: `list of ${creates.toLocaleString('en-US')} codes, median`,
      unit: 'ms',
      pick: (m) => med(m.listMs),
      ratioAtLeast: 3,
    },
    {
      id: 'list_after_write_ms',
      label: 'list right after a write to that lock, median',
      unit: 'ms',
      pick: (m) => med(m.listAfterWriteMs),
      ratioAtLeast: 1,
    },
    {
      id: 'list_rps',
      label: `list throughput, ${clients} clients`,
      unit: 'req/s',
      pick: (m) => med(m.plainRps),
      ratioAtLeast: 1.5,
    },
    {
      id: 'list_gzip_rps',
      label: `list throughput, ${clients} clients, Accept-Encoding: gzip (as the SDK)`,
      unit: 'req/s',
      pick: (m) => med(m.gzipRps),
      ratioAtLeast: 1.5,
    },
    { id: 'create_ms', label: 'create, median', unit: 'ms', pick: (m) => med(m.createMs), ratioAtLeast: 1 },
    {
      id: 'create_multiple_ms',
      label: `create_multiple on ${multiLocks} locks, median`,
      unit: 'ms',
      pick: (m) => med(m.multiMs),
      ratioAtLeast: 1,
      absolute: { op: '<=', value: 5 },
    },
    {
      id: 'peak_rss_mb',
      label: 'server peak RSS over the workload',
      unit: 'MB',
      pick: (m) => m.peakRssMb,
      absolute: { op: '<=', value: 250 },
    },
    // Informational: not in the targets.
    { id: 'create_p95_ms', label: 'create, p95', unit: 'ms', pick: (m) => med(m.createP95) },
    {
      id: 'create_multiple_given_ms',
      label: `create_multiple on ${multiLocks} locks, PIN given, median`,
      unit: 'ms',
      pick: (m) => med(m.multiGivenMs),
    },
    { id: 'list_p95_ms', label: 'list, p95', unit: 'ms', pick: (m) => med(m.listP95) },
    { id: 'create_cpu_ms', label: 'server CPU per create', unit: 'ms', pick: (m) => med(m.createCpu) },
    { id: 'list_cpu_ms', label: 'server CPU per list', unit: 'ms', pick: (m) => med(m.listCpu) },
  ]
}

const better = (unit: string, ours: number, fake: number): number =>
  unit === 'req/s' ? ours / fake : unit === 'ms' ? fake / ours : fake / ours

export function compareRows(
  figures: readonly ComparedFigure[],
  fake: CompareMeasurements,
  latchkey: Record<string, CompareMeasurements>,
): ComparedRow[] {
  return figures.map((f) => {
    const fakeValue = f.pick(fake)
    const targets: string[] = []
    if (f.ratioAtLeast !== undefined)
      targets.push(f.ratioAtLeast === 1 ? 'as fast as the fake' : `≥ ${f.ratioAtLeast}× the fake`)
    if (f.absolute !== undefined) targets.push(`${f.absolute.op === '<=' ? '≤' : '≥'} ${f.absolute.value} ${f.unit}`)
    const row: ComparedRow = {
      id: f.id,
      label: f.label,
      unit: f.unit,
      target: targets.join(', ') || '—',
      fake: fakeValue,
      latchkey: {},
    }
    for (const [mode, m] of Object.entries(latchkey)) {
      const value = f.pick(m)
      const ratio = better(f.unit, value, fakeValue)
      const checks: boolean[] = []
      if (f.ratioAtLeast !== undefined) checks.push(ratio >= f.ratioAtLeast)
      if (f.absolute !== undefined)
        checks.push(f.absolute.op === '<=' ? value <= f.absolute.value : value >= f.absolute.value)
      row.latchkey[mode] = {
        value,
        ratio,
        result: checks.length === 0 ? 'info' : checks.every(Boolean) ? 'PASS' : 'MISS',
      }
    }
    return row
  })
}

const fmt = (value: number, unit: string): string =>
  Number.isFinite(value) ? `${round(value, unit === 'ms' ? 2 : 0)} ${unit}` : '—'
const fmtRatio = (ratio: number): string => (Number.isFinite(ratio) ? `${round(ratio, 2)}×` : '—')

/** The rows as a table: a Markdown table, which also reads well on a console. */
export function comparisonTable(rows: readonly ComparedRow[], modes: readonly string[]): string {
  const header = ['Figure', 'Target', ...modes.flatMap((m) => [`Latchkey, reconciler ${m}`, '×', '']), 'Seam fake']
  const lines = rows.map((r) => [
    r.label,
    r.target,
    ...modes.flatMap((m) => {
      const cell = r.latchkey[m]
      return cell === undefined ? ['—', '—', ''] : [fmt(cell.value, r.unit), fmtRatio(cell.ratio), cell.result]
    }),
    fmt(r.fake, r.unit),
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)))
  const line = (cells: readonly string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(line)].join('\n')
}
