// /stays/import, large files: a full file of 5,000 rows naming its property and locks by id is well above the API's
// 1 MB body limit for other requests, and is read; a file above the import's own limit is refused with a clear error
// in the envelope, and nothing is written.
import { describe, expect, it } from 'vitest'
import { MAX_BODY_BYTES } from '@/lib/api/handle-request'
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from '@/lib/schemas/stay'
import { http, workspace } from '@/tests/support/simulation-api'
import { csvLine, HEADER, importCsv, lockId, tableCounts } from '@/tests/api/stays/import-api'

/**
 * 5,000 rows, each on four locks named by id, the property by id and the times in ISO 8601 with an offset; `notes`
 * (an extra column, which the import ignores) pads every row to make the file larger.
 */
async function fileByIds(notes = ''): Promise<string> {
  const locks = await Promise.all(['August lock', 'Kwikset lock', 'Yale lock', 'Schlage lock'].map((l) => lockId(l)))
  const rows = Array.from({ length: MAX_IMPORT_ROWS }, (_, i) => {
    // One night each, over the next fourteen months.
    const day = new Date(Date.UTC(2026, 2, 4 + (i % 420)))
    const date = day.toISOString().slice(0, 10)
    const next = new Date(day.getTime() + 86_400_000).toISOString().slice(0, 10)
    return csvLine([
      `PMS-${String(100_000 + i)}`,
      `Guest ${i + 1} Fernández-Oliveira`,
      workspace.property_id,
      locks.join(';'),
      `${date}T16:00:00-05:00`,
      `${next}T11:00:00-05:00`,
      '',
      notes,
    ])
  })
  return `${[`${HEADER},notes`, ...rows].join('\n')}\n`
}

const bodyBytes = (csv: string, dryRun: boolean): number => Buffer.byteLength(JSON.stringify({ csv, dry_run: dryRun }))

describe('a file of 5,000 rows naming its locks by id', () => {
  it('is read whole although its body is above 1 MB, and previewed row by row', async () => {
    const csv = await fileByIds('Early check-in requested')
    expect(bodyBytes(csv, true)).toBeGreaterThan(1.4 * MAX_BODY_BYTES)
    const answer = await importCsv(csv, true)
    expect(answer.rows.map((r) => r.line)).toEqual(Array.from({ length: MAX_IMPORT_ROWS }, (_, i) => i + 2))
    expect(answer.rows[0]).toMatchObject({ reservation_key: 'PMS-100000', action: 'create', problems: [] })
    expect(answer.rows.at(-1)).toMatchObject({ reservation_key: 'PMS-104999' })
    expect(answer.summary.create + answer.summary.error).toBe(MAX_IMPORT_ROWS)
    expect(answer.summary.create).toBeGreaterThan(0)
  })
})

describe('a file above the import’s limit', () => {
  it('is refused with a 400 naming the file’s limit while the body is within the request’s, and nothing is written', async () => {
    const csv = await fileByIds('x'.repeat(400))
    expect(csv.length).toBeGreaterThan(MAX_IMPORT_BYTES)
    expect(bodyBytes(csv, false)).toBeLessThan(2 * MAX_IMPORT_BYTES)
    const before = await tableCounts()
    for (const dryRun of [true, false]) {
      const failure = await http.fail('/stays/import', { csv, dry_run: dryRun })
      expect({ status: failure.status, type: failure.type, message: failure.message }).toEqual({
        status: 400,
        type: 'invalid_input',
        message: 'Invalid input. csv: is too large (at most 3 MB)',
      })
    }
    expect(await tableCounts()).toEqual(before)
  })

  it('is refused with a 413 in the envelope when the body itself is above the request’s limit', async () => {
    const csv = await fileByIds('x'.repeat(1_000))
    expect(bodyBytes(csv, false)).toBeGreaterThan(2 * MAX_IMPORT_BYTES)
    const before = await tableCounts()
    const failure = await http.fail('/stays/import', { csv, dry_run: false })
    expect({ status: failure.status, type: failure.type }).toEqual({ status: 413, type: 'payload_too_large' })
    expect(failure.message).toMatch(/^The request body is larger than /)
    expect(await tableCounts()).toEqual(before)
  })
})
