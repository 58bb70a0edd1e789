// /stays/import, files it refuses whole: not CSV (binary, JSON, quotes left open), missing columns, empty, more than
// 5,000 rows. Each is a 400 invalid_input that says what is wrong and where, and nothing is written, not even the
// file's good rows.
import { describe, expect, it } from 'vitest'
import { http } from '@/tests/support/simulation-api'
import { csvOf, HEADER, stayLine, tableCounts } from '@/tests/api/stays/import-api'

/** The 400 a file is refused with (as a preview and as an import), and that nothing was written. */
async function refused(csv: string): Promise<{ message: string; body: Record<string, unknown> }> {
  const before = await tableCounts()
  const failures = []
  for (const dryRun of [true, false]) {
    const failure = await http.fail('/stays/import', { csv, dry_run: dryRun })
    expect({ status: failure.status, type: failure.type }).toEqual({ status: 400, type: 'invalid_input' })
    failures.push(failure)
  }
  expect(failures[1]?.message).toBe(failures[0]?.message)
  expect(await tableCounts()).toEqual(before)
  const [failure] = failures
  if (failure === undefined) throw new Error('unreachable')
  return { message: failure.message, body: failure.body }
}

const good = stayLine('R-1', 'Ana', ['August lock'])

describe('a file that is not CSV', () => {
  it('is refused, saying so and where: binary data, JSON, a quote never closed, a stray quote', async () => {
    expect((await refused(`${HEADER}\n${good}\nPK\u0003\u0004\u0014\u0006`)).message).toBe(
      'The file is not a CSV text file: line 3 holds binary data. If it is a spreadsheet, save it as "CSV UTF-8" first.',
    )
    expect((await refused(JSON.stringify([{ reservation_key: 'R-1' }]))).message).toBe(
      'The file is not CSV: it looks like JSON (line 1 starts with "[").',
    )
    const open = await refused(`${HEADER}\n${good}\nR-2,"Ben,P,L,a,b,\n${stayLine('R-3', 'Cleo', ['August lock'])}\n`)
    expect(open.message).toBe(
      'The file is not valid CSV: the row on line 3 opens a quoted value that is never closed. Close the quotes, ' +
        'or double a quote that is part of a value ("").',
    )
    expect(open.body.error).toMatchObject({
      line: 3,
      validation_errors: { csv: { _errors: [open.message] } },
    })
    expect((await refused(`${HEADER}\nR-1,Ana "Nan" Silva,P,L,a,b,\n`)).message).toMatch(
      /^The file is not valid CSV: line 2 has a quote \(".*\) in the middle of a value/,
    )
  })

  it('with a NUL character is refused before it is read (PostgreSQL cannot store one)', async () => {
    const failure = await http.fail('/stays/import', { csv: `${HEADER}\n${good}\u0000\n`, dry_run: true })
    expect({ status: failure.status, type: failure.type, message: failure.message }).toEqual({
      status: 400,
      type: 'invalid_input',
      message: 'Invalid input. csv: must not contain the NUL character (\\u0000)',
    })
  })
})

describe('the header', () => {
  it('must name every required column; the refusal names those missing', async () => {
    const { message, body } = await refused('reservation_key,guest_name,locks,check_in,code\nR-1,Ana,August lock,x,\n')
    expect(message).toBe(
      'The file is missing the columns property, check_out. Its header (line 1) must name reservation_key, ' +
        'guest_name, property, locks, check_in, check_out, and may name code; in any order.',
    )
    expect(body.error).toMatchObject({ missing_columns: ['property', 'check_out'] })
  })

  it('with no rows under it, or no header at all, is refused', async () => {
    expect((await refused(`${HEADER}\n`)).message).toBe(
      'The file has a header but no stays: add one row per stay under it.',
    )
    expect((await refused('')).message).toMatch(/^The file is empty\./)
  })
})

describe('a file of more than 5,000 rows', () => {
  it('is refused whole, even though every row is good; 5,000 rows are read', async () => {
    const rows = (n: number) => Array.from({ length: n }, (_, i) => stayLine(`R-${i + 1}`, 'G', ['August lock']))
    const { message, body } = await refused(csvOf(...rows(5_001)))
    expect(message).toBe(
      'The file has 5,001 rows; at most 5,000 rows can be imported at once. Split it into smaller files. ' +
        'Nothing was imported.',
    )
    expect(body.error).toMatchObject({ rows: 5_001, max_rows: 5_000 })
    const { summary } = await http.ok<{ summary: Record<string, number> }>('/stays/import', {
      csv: csvOf(...rows(5_000)),
      dry_run: true,
    })
    // The August lock has 250 slots: the rows after the 250th find none free over their window.
    expect(summary).toEqual({ create: 250, update: 0, unchanged: 0, error: 4_750 })
  })
})

describe('the request', () => {
  it('needs the file as text, and dry_run as a boolean', async () => {
    for (const body of [{}, { csv: 42 }, { csv: good, dry_run: 'yes' }]) {
      const failure = await http.fail('/stays/import', body)
      expect({ status: failure.status, type: failure.type }).toEqual({ status: 400, type: 'invalid_input' })
    }
  })
})
