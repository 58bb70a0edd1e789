import type { CodeConstraint, CodeConstraintType } from '@/lib/schemas/device'

/** What the rules need to know about a lock. */
export interface CodeRulesDevice {
  supportedCodeLengths: readonly number[]
  codeConstraints: readonly CodeConstraint[]
}

const constraintMessages: Record<CodeConstraintType, string> = {
  no_zeros: 'must not contain the digit 0 on this lock',
  cannot_start_with_12: 'must not start with 12 on this lock',
  no_triple_consecutive_ints:
    'must not contain three consecutive ascending or descending digits (like 123 or 987) on this lock',
  cannot_specify_pin_code: 'cannot be chosen on this lock: leave it out and a code is generated',
  pin_code_matches_existing_set: 'cannot be chosen on this lock: leave it out and a code is generated',
  start_date_in_future: '',
  no_ascending_or_descending_sequence:
    'must not be an ascending or descending run of digits (like 1234 or 4321) on this lock',
  at_least_three_unique_digits: 'must use at least three different digits on this lock',
  cannot_contain_089: 'must not contain the digits 0, 8 or 9 on this lock',
  cannot_contain_0789: 'must not contain the digits 0, 7, 8 or 9 on this lock',
  unique_first_four_digits: 'must not share its first four digits with another code on this lock',
  no_all_same_digits: 'must not repeat one digit throughout (like 1111) on this lock',
}

const isRun = (code: string, step: 1 | -1): boolean => {
  for (let i = 1; i < code.length; i++) {
    if (Number(code[i]) - Number(code[i - 1]) !== step) return false
  }
  return true
}

const hasTripleRun = (code: string): boolean => {
  for (let i = 2; i < code.length; i++) {
    const a = Number(code[i - 2])
    const b = Number(code[i - 1])
    const c = Number(code[i])
    if ((b - a === 1 && c - b === 1) || (b - a === -1 && c - b === -1)) return true
  }
  return false
}

function breaks(type: CodeConstraintType, code: string, otherCodes: readonly string[]): boolean {
  switch (type) {
    case 'no_zeros':
      return code.includes('0')
    case 'cannot_start_with_12':
      return code.startsWith('12')
    case 'no_triple_consecutive_ints':
      return hasTripleRun(code)
    case 'no_ascending_or_descending_sequence':
      return isRun(code, 1) || isRun(code, -1)
    case 'at_least_three_unique_digits':
      return new Set(code).size < 3
    case 'cannot_contain_089':
      return /[089]/.test(code)
    case 'cannot_contain_0789':
      return /[0789]/.test(code)
    case 'unique_first_four_digits':
      return otherCodes.some((other) => other.slice(0, 4) === code.slice(0, 4))
    case 'no_all_same_digits':
      return new Set(code).size === 1
    // These restrict who picks the PIN or the times, not the digits: checked where the input is read.
    case 'cannot_specify_pin_code':
    case 'pin_code_matches_existing_set':
    case 'start_date_in_future':
      return false
  }
}

const pinConstraintTypes = (device: CodeRulesDevice): CodeConstraintType[] =>
  device.codeConstraints.flatMap((c) =>
    c.constraint_type === 'name_length' || c.constraint_type === 'name_must_be_unique' ? [] : [c.constraint_type],
  )

export const deviceForbidsChosenPin = (device: CodeRulesDevice): boolean =>
  pinConstraintTypes(device).some((t) => t === 'cannot_specify_pin_code' || t === 'pin_code_matches_existing_set')

export const deviceRequiresFutureStart = (device: CodeRulesDevice): boolean =>
  pinConstraintTypes(device).includes('start_date_in_future')

/**
 * Everything wrong with `code` on this lock, as messages for the `code` field (empty when it is fine).
 * `otherCodes` are the PINs of the lock's other codes (for constraints that compare codes).
 */
export function codeProblems(code: string, device: CodeRulesDevice, otherCodes: readonly string[] = []): string[] {
  const problems: string[] = []
  if (!/^\d+$/.test(code)) return ['must contain only digits 0-9']
  if (!device.supportedCodeLengths.includes(code.length)) {
    problems.push(
      `must be ${describeLengths(device.supportedCodeLengths)} digits long on this lock (got ${code.length})`,
    )
  }
  for (const type of pinConstraintTypes(device)) {
    if (breaks(type, code, otherCodes)) problems.push(constraintMessages[type])
  }
  return problems
}

export function describeLengths(lengths: readonly number[]): string {
  const sorted = [...lengths].sort((a, b) => a - b)
  if (sorted.length === 0) return 'no'
  if (sorted.length === 1) return String(sorted[0])
  const contiguous = sorted.every((n, i) => i === 0 || n === (sorted[i - 1] ?? n) + 1)
  if (contiguous) return `${sorted[0]} to ${sorted[sorted.length - 1]}`
  return `${sorted.slice(0, -1).join(', ')} or ${sorted[sorted.length - 1]}`
}

/** Seam's rule: the preferred length when the lock supports it, otherwise the shortest supported length. */
export function chooseCodeLength(lengths: readonly number[], preferred?: number): number | undefined {
  if (preferred !== undefined && lengths.includes(preferred)) return preferred
  return lengths.length === 0 ? undefined : Math.min(...lengths)
}

/** The length most of the locks accept: the preferred one when all of them do; ties go to the shorter. */
export function sharedLength(lengthsPerLock: readonly (readonly number[])[], preferred?: number): number | undefined {
  if (lengthsPerLock.length === 0) return undefined
  if (preferred !== undefined && lengthsPerLock.every((lengths) => lengths.includes(preferred))) return preferred
  const counts = new Map<number, number>()
  for (const lengths of lengthsPerLock) for (const n of new Set(lengths)) counts.set(n, (counts.get(n) ?? 0) + 1)
  const best = Math.max(0, ...counts.values())
  return chooseCodeLength([...counts].filter(([, c]) => c === best).map(([n]) => n))
}

const MAX_GENERATION_ATTEMPTS = 5_000

/** A uniform random integer in [0, maxExclusive) from the platform's CSPRNG (Node and browsers alike). */
function secureRandomInt(maxExclusive: number): number {
  const limit = Math.floor(0x1_0000_0000 / maxExclusive) * maxExclusive
  const buffer = new Uint32Array(1)
  for (;;) {
    globalThis.crypto.getRandomValues(buffer)
    const value = buffer[0] ?? 0
    if (value < limit) return value % maxExclusive
  }
}

/**
 * A source of uniform random integers below 256 that draws the CSPRNG's bytes a batch at a time (one call for a whole
 * PIN, and usually for every attempt of one generation), rejecting the bytes that would bias the result.
 */
export function batchedSecureRandom(batchBytes = 64): (maxExclusive: number) => number {
  const bytes = new Uint8Array(batchBytes)
  let next = bytes.length
  return (maxExclusive) => {
    if (maxExclusive > 256) return secureRandomInt(maxExclusive)
    const limit = Math.floor(256 / maxExclusive) * maxExclusive
    for (;;) {
      if (next >= bytes.length) {
        globalThis.crypto.getRandomValues(bytes)
        next = 0
      }
      const value = bytes[next++] ?? 0
      if (value < limit) return value % maxExclusive
    }
  }
}

/**
 * A random PIN that every given lock accepts and that none of them already holds.
 * Returns undefined when the locks share no code length or no free PIN could be found.
 */
export function generateCode(
  devices: readonly CodeRulesDevice[],
  takenByDevice: readonly (ReadonlySet<string> | readonly string[])[],
  preferredLength?: number,
  random: (maxExclusive: number) => number = batchedSecureRandom(),
): string | undefined {
  return codeGenerator(devices, takenByDevice, preferredLength, random)()
}

/**
 * generateCode as a source of PINs: each call draws one more (or undefined, as generateCode), and the locks' rules
 * are read once for all of them (a create_multiple's candidates on fifty locks).
 */
export function codeGenerator(
  devices: readonly CodeRulesDevice[],
  takenByDevice: readonly (ReadonlySet<string> | readonly string[])[],
  preferredLength?: number,
  random: (maxExclusive: number) => number = batchedSecureRandom(),
): () => string | undefined {
  const first = devices[0]
  if (first === undefined) return () => undefined
  const common = first.supportedCodeLengths.filter((n) => devices.every((d) => d.supportedCodeLengths.includes(n)))
  const length = chooseCodeLength(common, preferredLength)
  if (length === undefined) return () => undefined
  // A candidate is checked once per distinct set of rules, not once per lock: the locks of a create_multiple are
  // mostly of a few models, and the locks holding no code need nothing but their rules.
  const checks = new Map<string, { types: CodeConstraintType[]; taken: ReadonlySet<string>; others: string[] }>()
  for (const [i, device] of devices.entries()) {
    const given = takenByDevice[i] ?? []
    const taken = given instanceof Set ? given : new Set(given as readonly string[])
    const types = pinConstraintTypes(device)
    const key = `${types.join(',')}${taken.size > 0 ? `#${i}` : ''}`
    if (!checks.has(key)) checks.set(key, { types, taken, others: taken.size > 0 ? [...taken] : [] })
  }
  const rules = [...checks.values()]
  return () => {
    for (let attempt = 0; attempt < MAX_GENERATION_ATTEMPTS; attempt++) {
      let code = ''
      for (let i = 0; i < length; i++) code += String(random(10))
      // Every lock supports `length`: only the constraints and the codes held are left to check.
      const fits = rules.every(
        ({ types, taken, others }) => !taken.has(code) && !types.some((type) => breaks(type, code, others)),
      )
      if (fits) return code
    }
    return undefined
  }
}
