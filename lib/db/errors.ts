import 'server-only'

/** True when the driver reports a unique-constraint violation (SQLite or PostgreSQL). */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false
  const code = (error as { code?: unknown }).code
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505'
}

/** Runs of digits as long as a PIN: a driver's message can quote the value that failed (`…: "4821"`). */
const PIN_LIKE = /\d{4,}/g

/** A driver's fields that are safe to log: which constraint, table and column, never the row's values. */
const SAFE_FIELDS = ['code', 'constraint', 'table', 'column', 'routine'] as const

/**
 * An error as a log line, without the values it may quote. PostgreSQL puts the conflicting row in `detail`
 * (`Key (device_id, code)=(…, 4821) already exists.`) and some messages quote the input; a log must not keep PINs.
 * The message's PIN-like digit runs are replaced, `detail`, `where`, `hint` and queries are left out; the stack's
 * frames are kept.
 */
export function errorForLog(error: unknown, depth = 0): string {
  if (!(error instanceof Error)) {
    return typeof error === 'string' ? error.replace(PIN_LIKE, '[redacted]') : `a thrown ${typeof error}`
  }
  const fields = error as unknown as Record<string, unknown>
  const facts = SAFE_FIELDS.flatMap((key) =>
    typeof fields[key] === 'string' || typeof fields[key] === 'number' ? [`${key}=${String(fields[key])}`] : [],
  )
  const head = `${error.name}: ${error.message.replace(PIN_LIKE, '[redacted]')}${facts.length > 0 ? ` (${facts.join(', ')})` : ''}`
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .join('\n')
  const cause = error.cause !== undefined && depth < 3 ? `\ncaused by ${errorForLog(error.cause, depth + 1)}` : ''
  return `${head}${frames === '' ? '' : `\n${frames}`}${cause}`
}
