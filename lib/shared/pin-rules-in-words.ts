import { describeLengths, deviceForbidsChosenPin, type CodeRulesDevice } from '@/lib/shared/code-rules'
import type { CodeConstraint, CodeConstraintType } from '@/lib/schemas/device'

/** Each rule as a property manager would say it, in words that can follow "4 to 8 digits; ". */
const constraintWords: Record<CodeConstraintType, string> = {
  no_zeros: 'no 0s',
  cannot_start_with_12: 'can’t start with 12',
  no_triple_consecutive_ints: 'no three digits in a row like 123 or 987',
  no_ascending_or_descending_sequence: 'not a straight run like 1234 or 4321',
  at_least_three_unique_digits: 'at least three different digits',
  cannot_contain_089: 'no 0, 8 or 9',
  cannot_contain_0789: 'no 0, 7, 8 or 9',
  unique_first_four_digits: 'first four digits unlike any other code on this lock',
  no_all_same_digits: 'not one digit repeated, like 1111',
  cannot_specify_pin_code: 'the lock picks every PIN; you cannot choose one',
  pin_code_matches_existing_set: 'PINs come from the lock’s preset list; you cannot choose one',
  start_date_in_future: 'time-bound codes must start in the future',
}

/** Rules that are not about the digits of a PIN someone types. */
const notAboutDigits = new Set<CodeConstraint['constraint_type']>([
  'name_length',
  'name_must_be_unique',
  'cannot_specify_pin_code',
  'pin_code_matches_existing_set',
  'start_date_in_future',
])

function describeConstraint(constraint: CodeConstraint): string {
  if (constraint.constraint_type === 'name_length') {
    const { min_length: min, max_length: max } = constraint
    if (min !== undefined && max !== undefined) return `names ${min} to ${max} characters`
    if (max !== undefined) return `names up to ${max} characters`
    return `names at least ${min ?? 1} characters`
  }
  if (constraint.constraint_type === 'name_must_be_unique') return 'each code needs a different name'
  return constraintWords[constraint.constraint_type]
}

const capitalise = (words: string): string => words.charAt(0).toUpperCase() + words.slice(1)

/** Every rule the lock reports (PINs, names, start dates), one phrase each, for the lock page. */
export const lockRulesInWords = (constraints: readonly CodeConstraint[]): string[] =>
  constraints.map((constraint) => capitalise(describeConstraint(constraint)))

/** "4 to 8 digits; no 0s": what a typed PIN must be on this lock, for the hint under the PIN field. */
export function describeCodeRules(rules: CodeRulesDevice): string {
  if (deviceForbidsChosenPin(rules)) return 'This lock picks its own PINs.'
  const parts = [`${describeLengths(rules.supportedCodeLengths)} digits`]
  for (const constraint of rules.codeConstraints) {
    if (notAboutDigits.has(constraint.constraint_type)) continue
    const words = describeConstraint(constraint)
    if (!parts.includes(words)) parts.push(words)
  }
  return parts.join('; ')
}
