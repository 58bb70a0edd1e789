import { describe, expect, it } from 'vitest'
import {
  ACTIVITY_CSV_HEADER,
  activityCsvFileName,
  activityCsvLine,
  csvField,
  csvLine,
  csvLocalTime,
} from '@/lib/events/activity-csv'
import type { ActivityRow } from '@/lib/shared/activity'

/** Splits CSV text the way RFC 4180 reads it: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      row.push(field)
      field = ''
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field)
      rows.push(row)
      row = []
      field = ''
      i++
    } else field += c
  }
  if (field !== '' || row.length > 0) throw new Error(`the text does not end with CRLF: ${JSON.stringify(text)}`)
  return rows
}

const row: ActivityRow = {
  eventId: '6d1c9c1e-0d7e-4d61-9a53-0c2f1d7b9e01',
  eventType: 'lock.access_denied',
  occurredAt: '2026-03-08T09:30:05.000Z',
  timezone: 'America/Denver',
  time: 'Sun, Mar 8, 3:30:05 AM MDT',
  summary: 'Refused at the door: not active yet',
  detail: 'A PIN was entered at the keypad, and the lock stayed locked.',
  tone: 'danger',
  property: 'Aspen Ridge Lodge',
  lock: { deviceId: '0b9e7a35-6f4c-4d8e-9a1b-2c3d4e5f6a7b', name: 'Front door, east', href: null },
  code: {
    accessCodeId: '1f0e2d3c-4b5a-4678-9a0b-1c2d3e4f5a6b',
    name: 'Stay "Okafor"\nlate arrival',
    href: null,
    note: 'deleted',
  },
}

describe('csvField', () => {
  it('leaves plain text alone and writes null as an empty field', () => {
    expect(csvField('PIN set on Front door')).toBe('PIN set on Front door')
    expect(csvField('')).toBe('')
    expect(csvField(null)).toBe('')
  })

  it('quotes a field with a comma, a quote or a line break, doubling its quotes', () => {
    expect(csvField('Front door, east')).toBe('"Front door, east"')
    expect(csvField('Stay "Okafor"')).toBe('"Stay ""Okafor"""')
    expect(csvField('two\nlines')).toBe('"two\nlines"')
    expect(csvField('cr\rlf')).toBe('"cr\rlf"')
  })

  it('keeps a name that starts like a formula from running in a spreadsheet', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"')
    expect(csvField('+1 guest')).toBe("'+1 guest")
    expect(csvField('-5')).toBe("'-5")
    expect(csvField('@owner')).toBe("'@owner")
    expect(csvField('\tTab')).toBe("'\tTab")
    // Only at the start: a formula sign inside the text is ordinary text.
    expect(csvField('Guest = Smith')).toBe('Guest = Smith')
  })

  it('reads back as the same values', () => {
    const values = ['a,b', 'say "hi"', 'line\r\nbreak', 'plain', '']
    expect(parseCsv(csvLine(values))).toEqual([values])
  })
})

describe('csvLocalTime', () => {
  it('writes the wall-clock time of the property’s zone, across daylight saving changes', () => {
    // Denver: MST (UTC-7) until 2026-03-08 02:00, then MDT (UTC-6).
    expect(csvLocalTime('2026-03-08T08:59:59.000Z', 'America/Denver')).toBe('2026-03-08 01:59:59')
    expect(csvLocalTime('2026-03-08T09:00:00.000Z', 'America/Denver')).toBe('2026-03-08 03:00:00')
    // Lisbon: WET (UTC+0) in winter, WEST (UTC+1) in summer.
    expect(csvLocalTime('2026-01-15T23:30:00.000Z', 'Europe/Lisbon')).toBe('2026-01-15 23:30:00')
    expect(csvLocalTime('2026-07-15T23:30:00.000Z', 'Europe/Lisbon')).toBe('2026-07-16 00:30:00')
    expect(csvLocalTime('2026-07-15T23:30:00.000Z', 'UTC')).toBe('2026-07-15 23:30:00')
  })
})

describe('activityCsvLine', () => {
  it('writes one row per event, in the header’s columns, that reads back exactly', () => {
    const text = csvLine(ACTIVITY_CSV_HEADER) + activityCsvLine(row)
    const [header, values] = parseCsv(text)
    expect(header).toEqual([...ACTIVITY_CSV_HEADER])
    const record = Object.fromEntries((header ?? []).map((name, i) => [name, values?.[i]]))
    expect(record).toEqual({
      'Local time': '2026-03-08 03:30:05',
      'Time zone': 'America/Denver',
      'UTC time': '2026-03-08T09:30:05.000Z',
      'What happened': 'Refused at the door: not active yet',
      Details: 'A PIN was entered at the keypad, and the lock stayed locked.',
      Property: 'Aspen Ridge Lodge',
      Lock: 'Front door, east',
      Code: 'Stay "Okafor"\nlate arrival',
      'Code note': 'deleted',
      'Event type': 'lock.access_denied',
      'Event ID': row.eventId,
      'Lock ID': row.lock?.deviceId,
      'Code ID': row.code?.accessCodeId,
    })
  })

  it('leaves the lock and code columns empty for an event of no lock', () => {
    const accountEvent: ActivityRow = {
      ...row,
      eventType: 'connected_account.disconnected',
      timezone: 'UTC',
      summary: 'The August account is disconnected',
      detail: null,
      property: null,
      lock: null,
      code: null,
    }
    const [values] = parseCsv(activityCsvLine(accountEvent))
    expect(values).toEqual([
      '2026-03-08 09:30:05',
      'UTC',
      '2026-03-08T09:30:05.000Z',
      'The August account is disconnected',
      '',
      '',
      '',
      '',
      '',
      'connected_account.disconnected',
      row.eventId,
      '',
      '',
    ])
  })

  it('names the file after the day of the export', () => {
    expect(activityCsvFileName(new Date('2026-03-02T23:59:00Z'))).toBe('latchkey-activity-2026-03-02.csv')
  })
})
