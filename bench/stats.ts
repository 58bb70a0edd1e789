/** Nearest-rank percentile (q in 0..1) of the samples; NaN for no samples. */
export function percentile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN
  const sorted = [...samples].sort((a, b) => a - b)
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)))
  return sorted[rank - 1] ?? Number.NaN
}

export const median = (samples: readonly number[]): number => {
  if (samples.length === 0) return Number.NaN
  const sorted = [...samples].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  const upper = sorted[mid] ?? Number.NaN
  if (sorted.length % 2 === 1) return upper
  return ((sorted[mid - 1] ?? upper) + upper) / 2
}

export interface LatencySummary {
  count: number
  median: number
  p95: number
  max: number
}

export function summarize(samples: readonly number[]): LatencySummary {
  return {
    count: samples.length,
    median: median(samples),
    p95: percentile(samples, 0.95),
    max: samples.length === 0 ? Number.NaN : Math.max(...samples),
  }
}

export const round = (value: number, digits = 2): number => {
  const factor = 10 ** digits
  return Math.round(value * factor) / factor
}
