// What a CLI command is, and how it reads its options and prints its answers.
import type { Kysely } from 'kysely'
import type { Database } from '@/lib/db/schema'
import type { Clock } from '@/lib/time/clock'
import { canonicalTimeZone } from '@/lib/time/zoned'
import { findWorkspace, type WorkspaceRecord } from '@/lib/workspaces/list-workspaces'

/** A mistake in how the command was called: shown with the command's usage, exit code 2. */
export class UsageError extends Error {}
/** A request that cannot be done (unknown workspace, bad time zone, …): exit code 1. */
export class CommandError extends Error {}

type OptionSpec = { type: 'string' | 'boolean'; description: string; required?: boolean; placeholder?: string }
export type Values = Record<string, string | boolean | undefined>

/** The terminal (or pipe) the CLI reads passwords from, as much of it as that needs. */
export interface PasswordInput extends NodeJS.ReadableStream {
  isTTY?: boolean
  setRawMode?(mode: boolean): unknown
}

export interface CliContext {
  db: Kysely<Database>
  clock: Clock
  values: Values
  json: boolean
  out(line: string): void
  /** stdin: where --password-stdin and the password prompt read. */
  input: PasswordInput
  /** Where prompts go (stderr, so stdout keeps only the answer). */
  prompt: NodeJS.WritableStream
}

export interface Command {
  summary: string
  options: Record<string, OptionSpec>
  run(ctx: CliContext): Promise<void>
}

export const jsonOption: OptionSpec = { type: 'boolean', description: 'print one line of JSON instead of text' }

export function requiredText(values: Values, name: string): string {
  const value = optionalText(values, name)
  if (value === undefined) throw new UsageError(`--${name} is required`)
  return value
}

export function optionalText(values: Values, name: string): string | undefined {
  const value = values[name]
  if (typeof value !== 'string') return undefined
  const trimmed = value.trim()
  if (trimmed === '') throw new UsageError(`--${name} must not be empty`)
  return trimmed
}

export function countOption(values: Values, name: string, max: number): number | undefined {
  const text = optionalText(values, name)
  if (text === undefined) return undefined
  if (!/^\d+$/.test(text) || Number(text) > max)
    throw new UsageError(`--${name} must be a whole number from 0 to ${max}, not "${text}"`)
  return Number(text)
}

export function timeZoneOption(values: Values): string | undefined {
  const text = optionalText(values, 'timezone')
  if (text === undefined) return undefined
  const timezone = canonicalTimeZone(text)
  if (timezone === undefined) {
    throw new CommandError(
      `"${text}" is not a time zone this system knows. Use an IANA name such as America/Denver or Europe/Lisbon.`,
    )
  }
  return timezone
}

/** Least privilege by default: `member`; `--role admin` to let them manage API keys and run simulations. */
export function roleOption(values: Values): 'admin' | 'member' {
  const role = optionalText(values, 'role') ?? 'member'
  if (role !== 'admin' && role !== 'member') throw new UsageError(`--role must be admin or member, not "${role}"`)
  return role
}

export async function workspaceOption(ctx: CliContext): Promise<WorkspaceRecord> {
  const id = requiredText(ctx.values, 'workspace')
  const workspace = await findWorkspace(ctx.db, id)
  if (workspace === undefined) throw new CommandError(`No workspace with id ${id}. See: workspace list`)
  return workspace
}

export function printTable(ctx: CliContext, header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd()
  ctx.out(line(header))
  for (const row of rows) ctx.out(line(row))
}
