import { describe, expect, it } from 'vitest'
import { DomainError } from '@/lib/errors/domain-error'
import { parseStaysCsv, type StaysCsvRow } from '@/lib/stays/import/parse-stays-csv'

const HEADER = 'reservation_key,guest_name,property,locks,check_in,check_out,code'

/** Line and the values the import reads, for one exact assertion per file. */
const brief = (rows: StaysCsvRow[]) =>
  rows.map((r) => ({ line: r.line, key: r.values.reservation_key, locks: r.values.locks, problems: r.problems }))

/** The invalid_input a file is refused with: its message and the details it carries. */
function refusal(csv: string): { message: string; details: Record<string, unknown> } {
  try {
    parseStaysCsv(csv)
  } catch (error) {
    if (!(error instanceof DomainError)) throw error
    expect(error.type).toBe('invalid_input')
    expect(error.fieldErrors).toEqual({ csv: [error.message] })
    return { message: error.message, details: error.details }
  }
  throw new Error('the file was accepted')
}

describe('parseStaysCsv', () => {
  it('reads every column of a plain file, with each row’s line (the header is line 1)', () => {
    const rows = parseStaysCsv(
      `${HEADER}\nR-1,Ana Silva,Aspen Ridge Lodge,Front door;Unit 1A,2026-04-01 16:00,2026-04-05 11:00,4821\n` +
        'R-2,Ben Okafor,Aspen Ridge Lodge,Garage,2026-04-02 16:00,2026-04-03 11:00,\n',
    )
    expect(rows).toEqual([
      {
        line: 2,
        values: {
          reservation_key: 'R-1',
          guest_name: 'Ana Silva',
          property: 'Aspen Ridge Lodge',
          locks: 'Front door;Unit 1A',
          check_in: '2026-04-01 16:00',
          check_out: '2026-04-05 11:00',
          code: '4821',
        },
        problems: [],
      },
      expect.objectContaining({ line: 3, values: expect.objectContaining({ reservation_key: 'R-2', code: '' }) }),
    ])
  })

  it('drops a UTF-8 byte-order mark, so the first column is still found', () => {
    const rows = parseStaysCsv(`\uFEFF${HEADER}\nR-1,Zoë,P,L,a,b,\n`)
    expect(rows.map((r) => [r.values.reservation_key, r.values.guest_name])).toEqual([['R-1', 'Zoë']])
  })

  it('keeps quoted values whole: commas, doubled quotes, a ";" inside a quoted lock name, line breaks', () => {
    const rows = parseStaysCsv(
      `${HEADER}\n` +
        '"R-1","Okafor, Ben ""Benny""",P,"Gate; north side;Unit 1A",a,b,\n' +
        'R-2,"Two\nlines",P,L,a,b,\n' +
        'R-3,C,P,L,a,b,\n',
    )
    expect(rows.map((r) => [r.line, r.values.guest_name, r.values.locks])).toEqual([
      [2, 'Okafor, Ben "Benny"', 'Gate; north side;Unit 1A'],
      // A value spanning two lines: the row starts on line 3, the next one on line 5.
      [3, 'Two\nlines', 'L'],
      [5, 'C', 'L'],
    ])
  })

  it('takes CRLF, LF and both mixed in one file, with the same line numbers', () => {
    const body = ['R-1,A,P,L,a,b,', 'R-2,B,P,L,a,b,', 'R-3,C,P,L,a,b,']
    const lf = parseStaysCsv([HEADER, ...body].join('\n'))
    const crlf = parseStaysCsv([HEADER, ...body].join('\r\n') + '\r\n')
    const mixed = parseStaysCsv(`${HEADER}\r\n${body[0]}\n${body[1]}\r\n${body[2]}`)
    expect(brief(lf).map((r) => [r.line, r.key])).toEqual([
      [2, 'R-1'],
      [3, 'R-2'],
      [4, 'R-3'],
    ])
    expect(brief(crlf)).toEqual(brief(lf))
    expect(brief(mixed)).toEqual(brief(lf))
    // No carriage return is left on the last value of a line.
    expect(crlf.map((r) => r.values.code)).toEqual(['', '', ''])
  })

  it('skips blank lines and rows of empty cells, keeping the file’s line numbers', () => {
    const rows = parseStaysCsv(`\n${HEADER}\n\nR-1,A,P,L,a,b,\n   \n,,,,,,\n\r\nR-2,B,P,L,a,b,\n\n`)
    expect(brief(rows).map((r) => [r.line, r.key])).toEqual([
      [4, 'R-1'],
      [8, 'R-2'],
    ])
  })

  it('reads the header case-insensitively, in any order, ignoring extra columns and trimming values', () => {
    const rows = parseStaysCsv(
      'Notes,CHECK_OUT,Locks,Guest Name,reservation-key,Check_In,Property,Channel\n' +
        'late arrival, 2026-04-05 11:00 ,Front door,  Ana ,R-1,2026-04-01 16:00,Lodge,Airbnb\n',
    )
    expect(rows).toEqual([
      {
        line: 2,
        values: {
          reservation_key: 'R-1',
          guest_name: 'Ana',
          property: 'Lodge',
          locks: 'Front door',
          check_in: '2026-04-01 16:00',
          check_out: '2026-04-05 11:00',
          code: '',
        },
        problems: [],
      },
    ])
  })

  it('flags a row with more values than columns (an unquoted comma), and leaves a short row’s missing cells empty', () => {
    const rows = parseStaysCsv(`${HEADER}\nR-1,Okafor, Ben,P,L,a,b,\nR-2,B,P,L,a\nR-3,C,P,L,a,b,,,\n`)
    expect(brief(rows)).toEqual([
      {
        line: 2,
        key: 'R-1',
        locks: 'P',
        problems: ['the row has 8 values but the header has 7 columns; a value with a comma in it must be in quotes'],
      },
      { line: 3, key: 'R-2', locks: 'L', problems: [] },
      {
        line: 4,
        key: 'R-3',
        locks: 'L',
        problems: ['the row has 9 values but the header has 7 columns; a value with a comma in it must be in quotes'],
      },
    ])
    expect(rows[1]?.values.check_out).toBe('')
  })

  it('refuses a file missing required columns, naming them', () => {
    const { message, details } = refusal('reservation_key,guest_name,locks,check_in\nR-1,A,L,a\n')
    expect(message).toBe(
      'The file is missing the columns property, check_out. Its header (line 1) must name reservation_key, ' +
        'guest_name, property, locks, check_in, check_out, and may name code; in any order.',
    )
    expect(details).toEqual({ line: 1, missing_columns: ['property', 'check_out'] })
  })

  it('says so when the columns are separated by ";"', () => {
    const { message } = refusal('reservation_key;guest_name;property;locks;check_in;check_out\nR-1;A;P;L;a;b\n')
    expect(message).toContain('The columns seem to be separated by ";": separate them with commas')
  })

  it('refuses a header naming a column twice', () => {
    expect(refusal(`${HEADER},Locks\n`).message).toBe('The header (line 1) names the column locks twice.')
  })

  it('refuses an empty file and a header without rows', () => {
    expect(refusal('').message).toMatch(/^The file is empty\. It needs a header row naming the columns/)
    expect(refusal('\r\n\n').message).toMatch(/^The file is empty\./)
    expect(refusal(`${HEADER}\n\n`).message).toBe('The file has a header but no stays: add one row per stay under it.')
  })

  it('refuses what is not CSV, saying where: binary data, JSON, quotes left open or in the middle of a value', () => {
    expect(refusal(`${HEADER}\nR-1,A,P,L,a,b,\nPK\u0003\u0004\u0000\u0000`)).toEqual({
      message:
        'The file is not a CSV text file: line 3 holds binary data. If it is a spreadsheet, save it as "CSV UTF-8" first.',
      details: { line: 3 },
    })
    expect(refusal('\n  {"reservation_key": "R-1"}')).toEqual({
      message: 'The file is not CSV: it looks like JSON (line 2 starts with "{").',
      details: { line: 2 },
    })
    expect(refusal(`${HEADER}\nR-1,A,P,L,a,b,\n\nR-2,"B,P,L,a,b,\nR-3,C,P,L,a,b,\n`)).toEqual({
      message:
        'The file is not valid CSV: the row on line 4 opens a quoted value that is never closed. Close the quotes, ' +
        'or double a quote that is part of a value ("").',
      details: { line: 4 },
    })
    const stray = refusal(`${HEADER}\nR-1,A,P,L,a,b,\nR-2,B "the" C,P,L,a,b,\n`)
    expect(stray).toEqual({
      message:
        'The file is not valid CSV: line 3 has a quote (") in the middle of a value. Put the whole value in quotes ' +
        'and double the quotes inside it ("").',
      details: { line: 3 },
    })
  })

  it('takes 5,000 rows and refuses 5,001, whole', () => {
    const rows = (n: number) => Array.from({ length: n }, (_, i) => `R-${i},G,P,L,a,b,`).join('\n')
    expect(parseStaysCsv(`${HEADER}\n${rows(5_000)}`)).toHaveLength(5_000)
    expect(refusal(`${HEADER}\n${rows(5_001)}`)).toEqual({
      message:
        'The file has 5,001 rows; at most 5,000 rows can be imported at once. Split it into smaller files. Nothing was imported.',
      details: { rows: 5_001, max_rows: 5_000 },
    })
  })
})
