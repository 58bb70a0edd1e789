import type { SandboxFaultView } from '@/lib/schemas/device'

/** How the Simulate panel shows a sandbox lock's faults (`properties.sandbox_faults`) in words. */

export interface FaultGroup {
  label: string
  faults: SandboxFaultView[]
}

const GROUPS: readonly { lasts: SandboxFaultView['lasts']; label: string }[] = [
  { lasts: 'operations', label: 'The next requests only' },
  { lasts: 'until_cleared', label: 'Until you clear faults' },
  { lasts: 'permanent', label: 'For good' },
]

/** The faults by how long they last, in the table's order within each group; empty groups left out. */
export function faultGroups(faults: readonly SandboxFaultView[]): FaultGroup[] {
  return GROUPS.map((g) => ({ label: g.label, faults: faults.filter((f) => f.lasts === g.lasts) })).filter(
    (g) => g.faults.length > 0,
  )
}

export const activeFaults = (faults: readonly SandboxFaultView[]): SandboxFaultView[] =>
  faults.filter((f) => f.active !== null)

/** The table's plain words ("has no Connect bridge…") as a sentence of their own. */
export const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1)

/** The option's text: what the lock does, then the code, e.g. "Says its code memory is full (no_space_…)". */
export const faultLabel = (fault: SandboxFaultView): string => `${capitalise(fault.lock_does)} (${fault.fault})`

/** "warning x, error y": what can appear on the lock's codes (the fault's `clears` says when which). */
export const producesInWords = (fault: SandboxFaultView): string =>
  [...fault.produces.warnings.map((w) => `warning ${w}`), ...fault.produces.errors.map((e) => `error ${e}`)].join(', ')

/** How long an active fault still lasts, e.g. "2 more operations" or "until cleared". */
export function activeInWords(fault: SandboxFaultView): string {
  const left = fault.active?.operations_left
  if (left === undefined) return 'not active'
  if (left === null) return fault.lasts === 'permanent' ? 'for good' : 'until cleared'
  return `${left} more operation${left === 1 ? '' : 's'}`
}

/** Whether the fault takes an `operations` count. */
export const takesOperations = (fault: SandboxFaultView): boolean => fault.lasts === 'operations'
