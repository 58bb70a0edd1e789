import 'server-only'
import { CsvError, parse } from 'csv-parse/sync'
import { DomainError } from '@/lib/errors/domain-error'
import { MAX_IMPORT_ROWS } from '@/lib/schemas/stay'

/**
 * The text of a stays CSV (from a property-management system's export, or typed by hand) → one row per stay, each
 * with its line in the file. Only the file's shape is checked here; what the values mean is resolve-rows.ts's job, so
 * a file with a bad value still previews every other row. A file that cannot be read as a whole is refused.
 */

export const REQUIRED_COLUMNS = ['reservation_key', 'guest_name', 'property', 'locks', 'check_in', 'check_out'] as const
export const OPTIONAL_COLUMNS = ['code'] as const
type Column = (typeof REQUIRED_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number]

export interface StaysCsvRow {
  /** The row's first line in the file (the header is line 1; blank lines count). */
  line: number
  /** Every column's value, trimmed; '' when the cell is empty or missing. */
  values: Record<Column, string>
  /** What is wrong with the row's shape (too many values), in words: an `invalid_row` each. */
  problems: string[]
}

const KNOWN_COLUMNS: readonly Column[] = [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS]
const isColumn = (name: string): name is Column => (KNOWN_COLUMNS as readonly string[]).includes(name)

/** `Reservation Key`, `reservation-key` and `RESERVATION_KEY` all name reservation_key. */
const columnName = (header: string): string =>
  header
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_')

const refuse = (message: string, details: Record<string, unknown> = {}): DomainError =>
  new DomainError('invalid_input', message, details, { csv: [message] })

const lineOf = (text: string, index: number): number => text.slice(0, index).split('\n').length

const plural = (n: number, word: string): string => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`

/** Characters no text file has (NUL and the C0 controls other than tab, line feed, form feed, carriage return). */
const BINARY = /[\u0000-\u0008\u000b\u000e-\u001f]/

function refuseWhatIsNotCsv(text: string): void {
  const binary = BINARY.exec(text)
  if (binary !== null) {
    const line = lineOf(text, binary.index)
    throw refuse(
      `The file is not a CSV text file: line ${line} holds binary data. If it is a spreadsheet, save it as ` +
        '"CSV UTF-8" first.',
      { line },
    )
  }
  const start = text.trimStart()
  if (start.startsWith('{') || start.startsWith('[')) {
    const line = lineOf(text, text.length - start.length)
    throw refuse(`The file is not CSV: it looks like JSON (line ${line} starts with "${start[0] ?? ''}").`, { line })
  }
}

/** csv-parse's refusal in words, with the line it happened on. */
function csvErrorMessage(error: CsvError, text: string, lastLineRead: number): { message: string; line: number } {
  const line = typeof error.lines === 'number' && error.lines > 0 ? error.lines : 1
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED': {
      // The file ended inside quotes: the row that opened them is the first one after the last row read whole.
      const lines = text.split('\n')
      let opened = lastLineRead + 1
      while (opened < lines.length && (lines[opened - 1] ?? '').trim() === '') opened++
      return {
        message:
          `The file is not valid CSV: the row on line ${opened} opens a quoted value that is never closed. ` +
          'Close the quotes, or double a quote that is part of a value ("").',
        line: opened,
      }
    }
    case 'INVALID_OPENING_QUOTE':
    case 'CSV_INVALID_CLOSING_QUOTE':
      return {
        message:
          `The file is not valid CSV: line ${line} has a quote (") in the middle of a value. ` +
          'Put the whole value in quotes and double the quotes inside it ("").',
        line,
      }
    default:
      return { message: `The file is not valid CSV: ${error.message.replace(/^[^:]*:\s*/, '')}`, line }
  }
}

interface ParsedRecord {
  record: string[]
  info: { lines: number }
}

function readRecords(text: string): ParsedRecord[] {
  let lastLineRead = 0
  try {
    // csv-parse's types do not follow `info: true`, which wraps each record as { record, info }.
    const records: unknown = parse(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      // A row of empty cells (a spreadsheet's trailing ",,,,,") is a blank line too.
      skip_records_with_empty_values: true,
      on_record: (record: string[], context: { lines: number }) => {
        lastLineRead = context.lines
        return record
      },
    })
    return records as ParsedRecord[]
  } catch (error) {
    if (!(error instanceof CsvError)) throw error
    const { message, line } = csvErrorMessage(error, text, lastLineRead)
    throw refuse(message, { line })
  }
}

/** The line a record starts on: csv-parse counts the line it ends on, and quoted values may span lines. */
const firstLineOf = ({ record, info }: ParsedRecord): number =>
  info.lines - record.reduce((n, value) => n + (value.match(/\n/g)?.length ?? 0), 0)

/**
 * Parses the file: UTF-8 with or without BOM, quoted values (with `;`, commas or line breaks inside), CRLF, LF or
 * both, blank lines skipped (line numbers stay the file's), header case-insensitive in any order, extra columns
 * ignored. Refuses (invalid_input, nothing else done) a file that is not CSV, lacks a required column or has more
 * than MAX_IMPORT_ROWS rows.
 */
export function parseStaysCsv(csv: string): StaysCsvRow[] {
  // One line ending for the parser, so CRLF and LF may be mixed in one file and line numbers stay exact.
  const text = csv.replace(/\r\n?/g, '\n')
  refuseWhatIsNotCsv(text)
  const [header, ...records] = readRecords(text)
  if (header === undefined)
    throw refuse(
      `The file is empty. It needs a header row naming the columns ${REQUIRED_COLUMNS.join(', ')} ` +
        '(and optionally code), then one row per stay.',
    )

  const headerLine = firstLineOf(header)
  const names = header.record.map(columnName)
  const indexOf = new Map<Column, number>()
  for (const [index, name] of names.entries()) {
    if (!isColumn(name)) continue
    if (indexOf.has(name))
      throw refuse(`The header (line ${headerLine}) names the column ${name} twice.`, { line: headerLine })
    indexOf.set(name, index)
  }
  const missing = REQUIRED_COLUMNS.filter((c) => !indexOf.has(c))
  if (missing.length > 0) {
    const hint =
      header.record.length === 1 && (header.record[0] ?? '').includes(';')
        ? ' The columns seem to be separated by ";": separate them with commas (";" separates the locks of a stay).'
        : ''
    throw refuse(
      `The file is missing the column${missing.length === 1 ? '' : 's'} ${missing.join(', ')}. Its header ` +
        `(line ${headerLine}) must name ${REQUIRED_COLUMNS.join(', ')}, and may name code; in any order.${hint}`,
      { line: headerLine, missing_columns: missing },
    )
  }
  if (records.length === 0)
    throw refuse('The file has a header but no stays: add one row per stay under it.', { line: headerLine })
  if (records.length > MAX_IMPORT_ROWS)
    throw refuse(
      `The file has ${plural(records.length, 'row')}; at most ${plural(MAX_IMPORT_ROWS, 'row')} can be imported ` +
        'at once. Split it into smaller files. Nothing was imported.',
      { rows: records.length, max_rows: MAX_IMPORT_ROWS },
    )

  return records.map((parsed) => {
    const { record } = parsed
    const valueOf = (column: Column): string => {
      const index = indexOf.get(column)
      return index === undefined ? '' : (record[index] ?? '').trim()
    }
    const values = Object.fromEntries(KNOWN_COLUMNS.map((c) => [c, valueOf(c)])) as Record<Column, string>
    const problems: string[] = []
    // More values than the header has columns: a comma inside an unquoted value may have shifted the rest of the row.
    if (record.length > names.length)
      problems.push(
        `the row has ${record.length} values but the header has ${names.length} columns; ` +
          'a value with a comma in it must be in quotes',
      )
    return { line: firstLineOf(parsed), values, problems }
  })
}
