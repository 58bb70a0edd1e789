// /stays/import, what a preview finds: every problem of a row (its values, its property and locks, its times, its
// key) and of each of its locks (PIN rules, PIN in use, the same PIN twice in the file, no free slot, removed,
// offline as a warning), in one file, in words; then the same file imported: the good rows are written, the others not.
import { describe, expect, it } from 'vitest'
import { addSandboxDevice } from '@/lib/devices/add-sandbox-device'
import { createProperty } from '@/lib/workspaces/create-workspace'
import { clock, createCode, http, profileOf, seam, store, workspace } from '@/tests/support/simulation-api'
import {
  CHECK_IN,
  CHECK_IN_UTC,
  CHECK_OUT,
  CHECK_OUT_UTC,
  csvLine,
  csvOf,
  importCsv,
  lockId,
  outline,
  PROPERTY,
  stayLine,
  stayOf,
  tableCounts,
} from '@/tests/api/stays/import-api'

/** Two locks named "Gate" in the fixture's property, one in another property: a name to use an id for. */
async function addGates(): Promise<{ gates: string[]; annexGate: string }> {
  const annex = await createProperty(store.db, clock, workspace.workspace_id, 'Annex', 'America/New_York')
  const add = (propertyId: string) =>
    addSandboxDevice(store.db, clock, {
      workspaceId: workspace.workspace_id,
      propertyId,
      profile: profileOf('august'),
      displayName: 'Gate',
    })
  const gates = [await add(workspace.property_id), await add(workspace.property_id)]
  return { gates, annexGate: await add(annex) }
}

describe('a preview (dry_run) of a file with every kind of problem', () => {
  it('answers each row’s action and problems, in words, and writes nothing; the import then writes only the good rows', async () => {
    const august = await lockId('August lock')
    await createCode({ device_id: august, name: 'Owner', code: '4821' })
    await http.ok('/devices/simulate/fill_keypad', { device_id: await lockId('Samsung SmartThings lock') })
    await seam.devices.simulate.remove({ device_id: await lockId('TTLock lock') })
    await seam.devices.simulate.disconnect({ device_id: await lockId('igloohome lock') })
    const { gates } = await addGates()

    const csv = csvOf(
      stayLine('R-1', 'Ana Silva', ['August lock', 'Kwikset lock']),
      stayLine('', 'Ben', ['August lock']),
      stayLine('R-3', '', ['August lock']),
      stayLine('R-4', 'Cleo', ['August lock'], '', { property: 'Nowhere Inn' }),
      stayLine('R-5', 'Dan', ['August lock', 'Pool gate']),
      stayLine('R-6', 'Eve', ['August lock'], '', { in: CHECK_OUT, out: CHECK_IN }),
      stayLine('R-7', 'Finn', ['August lock'], '', { in: '2026-02-20 16:00', out: '2026-02-25 11:00' }),
      stayLine('R-1', 'Ana again', ['Yale lock']),
      stayLine('R-9', 'Gus', ['Kwikset lock'], '1234'),
      stayLine('R-10', 'Hana', ['August lock'], '4821'),
      stayLine('R-11', 'Ivo', ['Yale lock'], '5937'),
      stayLine('R-12', 'Jo', ['August lock', 'Yale lock'], '5937'),
      stayLine('R-13', 'Kai', ['Samsung SmartThings lock']),
      stayLine('R-14', 'Lea', ['TTLock lock']),
      stayLine('R-15', 'Max', ['igloohome lock']),
      stayLine('R-16', 'Noor', ['August lock'], '12a4', { in: 'tomorrow' }),
      stayLine('R-17', 'Okafor, Ben', ['Gate']),
      `R-18,Pia,${PROPERTY},August lock,${CHECK_IN},${CHECK_OUT},,surplus`,
    )
    const before = await tableCounts()
    const preview = await importCsv(csv, true)
    expect(await outline(preview)).toEqual([
      '2 create',
      '3 error invalid_row@-',
      '4 error invalid_row@-',
      '5 error unknown_property@-',
      '6 error unknown_lock@-',
      '7 error check_out_not_after_check_in@-',
      '8 error check_out_in_past@-',
      '9 error duplicate_reservation_key_in_file@-',
      '10 error pin_not_allowed_on_lock@Kwikset lock',
      '11 error pin_in_use_on_lock@August lock',
      '12 create',
      '13 error duplicate_pin_in_file@Yale lock',
      '14 error no_free_slot@Samsung SmartThings lock',
      '15 error lock_removed@TTLock lock',
      '16 create lock_offline@igloohome lock',
      '17 error invalid_row@- invalid_row@-',
      '18 error unknown_lock@-',
      '19 error invalid_row@-',
    ])
    expect(preview.summary).toEqual({ create: 3, update: 0, unchanged: 0, error: 15 })
    expect(preview.rows.map((r) => r.reservation_key)).toEqual([
      'R-1',
      null,
      'R-3',
      'R-4',
      'R-5',
      'R-6',
      'R-7',
      'R-1',
      'R-9',
      'R-10',
      'R-11',
      'R-12',
      'R-13',
      'R-14',
      'R-15',
      'R-16',
      'R-17',
      'R-18',
    ])
    expect(preview.rows.every((r) => r.stay_id === null)).toBe(true)
    const messages = Object.fromEntries(
      preview.rows.map((r) => [r.line, r.problems.map((p) => `${p.severity}: ${p.message}`)]),
    )
    expect(messages).toMatchObject({
      3: ['error: reservation_key is empty.'],
      4: ['error: guest_name is empty.'],
      5: ['error: No property is named "Nowhere Inn" in this workspace.'],
      6: [`error: No lock is named "Pool gate" in ${PROPERTY} or elsewhere in this workspace.`],
      7: [`error: check_out "${CHECK_IN}" is not after check_in "${CHECK_OUT}".`],
      8: ['error: check_out "2026-02-25 11:00" has already passed: the stay is over, so there is nothing to schedule.'],
      9: ['error: Reservation "R-1" is already on line 2: each stay appears once in the file.'],
      10: ['error: PIN 1234 must not be an ascending or descending run of digits (like 1234 or 4321) on Kwikset lock.'],
      11: ['error: PIN 4821 is already on August lock, held by access code "Owner".'],
      13: ['error: PIN 5937 is already on Yale lock, held by the row on line 12.'],
      16: ['warning: igloohome lock is offline now; the code is programmed when it comes back online.'],
      17: [
        'error: check_in "tomorrow" is not a time: write YYYY-MM-DD HH:mm in America/New_York (e.g. 2026-04-01 16:00), or ISO 8601 with an offset (e.g. 2026-04-01T16:00:00-06:00).',
        'error: code "12a4" must contain only digits 0-9.',
      ],
      18: [
        `error: 2 locks are named "Gate" (${gates[0]} in ${PROPERTY}, ${gates[1]} in ${PROPERTY}): write the lock’s id instead of its name.`,
      ],
      19: ['error: the row has 8 values but the header has 7 columns; a value with a comma in it must be in quotes.'],
    })
    expect(messages[14]?.[0]).toMatch(/^error: Samsung SmartThings lock has 30 slots and all of them are taken/)
    expect(messages[15]?.[0]).toMatch(/^error: TTLock lock was removed from its account/)
    expect(await tableCounts()).toEqual(before)

    const imported = await importCsv(csv, false)
    expect(imported.rows.map((r) => [r.line, r.action])).toEqual(preview.rows.map((r) => [r.line, r.action]))
    expect(imported.rows.map((r) => r.problems)).toEqual(preview.rows.map((r) => r.problems))
    const written = await store.db.selectFrom('stays').select(['stay_id', 'reservation_key']).execute()
    expect(written.map((s) => s.reservation_key).sort()).toEqual(['R-1', 'R-11', 'R-15'])
    for (const line of [2, 12, 16]) {
      const row = imported.rows.find((r) => r.line === line)
      expect(written.find((s) => s.reservation_key === row?.reservation_key)?.stay_id).toBe(row?.stay_id)
    }
    // The first R-1 is Ana Silva's, on two doors, with a PIN both locks take.
    const ana = await stayOf('R-1')
    expect(ana).toMatchObject({ guest_name: 'Ana Silva', property_name: PROPERTY })
    expect(ana.access_codes.map((c) => c.device_id).sort()).toEqual([august, await lockId('Kwikset lock')].sort())
    expect(new Set(ana.access_codes.map((c) => c.code))).toEqual(new Set([ana.code]))
  })
})

describe('names of properties and locks', () => {
  it('are read case-insensitively, or as ids; a lock name is looked up in the row’s property first', async () => {
    const { gates, annexGate } = await addGates()
    const [gate] = gates
    const yale = await lockId('Yale lock')
    const csv = csvOf(
      stayLine('R-1', 'Ana', [' yale LOCK ', 'august lock'], '', { property: 'SIMULATIONS   property' }),
      stayLine('R-2', 'Ben', [yale, 'Gate'], '', { property: 'annex' }),
      stayLine('R-3', 'Cleo', [gate ?? '', yale.toUpperCase()], '', { property: workspace.property_id }),
      stayLine('R-4', 'Dan', ['00000000-0000-4000-8000-000000000000']),
    )
    const answer = await importCsv(csv, false)
    expect(await outline(answer)).toEqual(['2 create', '3 create', '4 create', '5 error unknown_lock@-'])
    expect(answer.rows[3]?.problems[0]?.message).toBe(
      'No lock has the id 00000000-0000-4000-8000-000000000000 in this workspace.',
    )
    const devicesOf = async (key: string) => (await stayOf(key)).device_ids.sort()
    expect(await devicesOf('R-1')).toEqual([await lockId('August lock'), yale].sort())
    // In the Annex, "Gate" is the Annex's own gate (the fixture's property has two).
    expect(await devicesOf('R-2')).toEqual([annexGate, yale].sort())
    expect(await devicesOf('R-3')).toEqual([gate, yale].sort())
  })

  it('refuses a property name two properties share, and a lock of another workspace by id', async () => {
    await createProperty(store.db, clock, workspace.workspace_id, PROPERTY.toUpperCase(), 'Europe/Lisbon')
    const other = await store.db
      .insertInto('workspaces')
      .values({
        workspace_id: crypto.randomUUID(),
        name: 'Other',
        is_sandbox: 1,
        created_at: clock.now().toISOString(),
      })
      .returning('workspace_id')
      .executeTakeFirstOrThrow()
    const otherProperty = await createProperty(store.db, clock, other.workspace_id, 'Elsewhere', 'UTC')
    const foreignLock = await addSandboxDevice(store.db, clock, {
      workspaceId: other.workspace_id,
      propertyId: otherProperty,
      profile: profileOf('august'),
      displayName: 'Foreign lock',
    })
    const answer = await importCsv(
      csvOf(
        stayLine('R-1', 'Ana', ['August lock']),
        stayLine('R-2', 'Ben', [foreignLock], '', { property: workspace.property_id }),
        stayLine('R-3', 'Cleo', ['Foreign lock'], '', { property: 'Elsewhere' }),
      ),
      true,
    )
    expect(await outline(answer)).toEqual([
      '2 error unknown_property@-',
      '3 error unknown_lock@-',
      '4 error unknown_property@- unknown_lock@-',
    ])
    expect(answer.rows[0]?.problems[0]?.message).toMatch(
      new RegExp(`^2 properties are named "${PROPERTY}": write the property's id instead \\(`),
    )
    expect(answer.rows[1]?.problems[0]?.message).toBe(`No lock has the id ${foreignLock} in this workspace.`)
  })
})

describe('times', () => {
  it('are read on the property’s wall clock, or as ISO 8601 with an offset', async () => {
    const answer = await importCsv(
      csvOf(
        stayLine('R-1', 'Ana', ['August lock']),
        stayLine('R-2', 'Ben', ['Yale lock'], '', { in: '2026-03-05T16:00:00-05:00', out: '2026-03-08T15:00:00Z' }),
        csvLine(['R-3', 'Cleo', PROPERTY, 'Kwikset lock', '2026-03-05 16:00', '2026-02-30 11:00', '']),
      ),
      false,
    )
    expect(await outline(answer)).toEqual(['2 create', '3 create', '4 error invalid_row@-'])
    expect(answer.rows[2]?.problems[0]?.message).toBe('check_out "2026-02-30 11:00" is not a day of the calendar.')
    for (const key of ['R-1', 'R-2'])
      expect(await stayOf(key)).toMatchObject({
        check_in: CHECK_IN_UTC,
        // New York moves to summer time on March 8: 11:00 is then UTC-4.
        check_out: CHECK_OUT_UTC,
        property_timezone: 'America/New_York',
      })
  })
})

describe('a cancelled stay’s reservation key', () => {
  it('is left cancelled: the same row is unchanged with a warning, a changed row is refused, both saying so', async () => {
    await importCsv(csvOf(stayLine('R-1', 'Ana', ['August lock', 'Yale lock'])), false)
    const stay = await stayOf('R-1')
    await http.ok('/stays/delete', { stay_id: stay.stay_id })
    // Its codes show as removing until the locks let go of them; neither row below changes anything of it.
    const cancelled = await stayOf('R-1')
    expect(cancelled).toMatchObject({ status: 'cancelled', check_out: stay.check_out })

    const same = await importCsv(csvOf(stayLine('R-1', 'Ana', ['August lock', 'Yale lock'])), false)
    expect(await outline(same)).toEqual(['2 unchanged stay_cancelled@-'])
    expect(same.rows[0]).toMatchObject({ stay_id: stay.stay_id })
    expect(same.rows[0]?.problems[0]).toEqual({
      device_id: null,
      problem: 'stay_cancelled',
      severity: 'warning',
      message:
        'Reservation "R-1" belongs to a stay that was cancelled: it stays cancelled, and no lock gets its PIN. ' +
        'To book it again, give it a new reservation key.',
    })
    const later = await importCsv(
      csvOf(stayLine('R-1', 'Ana', ['August lock', 'Yale lock'], '', { out: '2026-03-09 11:00' })),
      false,
    )
    expect(await outline(later)).toEqual(['2 error stay_cancelled@-'])
    expect(later.rows[0]?.problems[0]?.message).toBe(
      'Reservation "R-1" belongs to a stay that was cancelled, and a cancelled stay cannot be changed. ' +
        'To book it again, give it a new reservation key.',
    )
    expect(await stayOf('R-1')).toEqual(cancelled)
  })
})
