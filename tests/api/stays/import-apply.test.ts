// /stays/import, what an import writes: each good row a stay whose doors reach `set`; the same file again changes
// nothing; a row whose times changed shifts every door of its stay; an empty code gets one PIN every lock takes, and
// keeps it; a row that fails at write time is written not at all (no stay, no door) while the rows around it are, also
// in the middle of the batch of rows written in one transaction; and a reservation key belongs to one workspace.
import { sql } from 'kysely'
import { describe, expect, it, vi } from 'vitest'
import { loadLockBook } from '@/lib/scheduling/lock-book'
import { STAYS_PER_BATCH, writeStaysInBatches } from '@/lib/stays/import/write-stays-in-batches'
import { planStay } from '@/lib/stays/plan-stay'
import { createWorkspace } from '@/lib/workspaces/create-workspace'
import { HttpClient } from '@/tests/support/http-client'
import { testEngine } from '@/tests/support/test-store'
import { advance, clock, HOUR, http, server, settle, stateOf, store, workspace } from '@/tests/support/simulation-api'
import {
  CHECK_IN_UTC,
  CHECK_OUT_UTC,
  csvOf,
  importCsv,
  lockId,
  outline,
  stayLine,
  stayOf,
  tableCounts,
} from '@/tests/api/stays/import-api'

const LOCKS = ['August lock', 'Yale lock', 'Kwikset lock']

/** The stay's doors as `lock code starts ends` lines, sorted by lock, from the Seam endpoint every integrator reads. */
async function doorsOf(reservationKey: string): Promise<{ ids: string[]; lines: string[] }> {
  const stay = await stayOf(reservationKey)
  const codes = [...stay.access_codes].sort((a, b) => a.device_id.localeCompare(b.device_id))
  return {
    ids: codes.map((c) => c.access_code_id),
    lines: codes.map((c) => `${c.device_id} ${c.code ?? '-'} ${c.starts_at ?? '-'} ${c.ends_at ?? '-'}`),
  }
}

describe('importing a file', () => {
  it('creates each stay with a code on every door, which the lock side sets by check-in; importing it again changes nothing', async () => {
    const csv = csvOf(
      stayLine('R-1', 'Ana Silva', LOCKS, '4829'),
      stayLine('R-2', 'Ben Okafor', ['August lock', 'Lockly lock']),
    )
    const first = await importCsv(csv, false)
    expect(await outline(first)).toEqual(['2 create', '3 create'])
    const ana = await stayOf('R-1')
    expect(first.rows[0]?.stay_id).toBe(ana.stay_id)
    expect(ana).toMatchObject({
      guest_name: 'Ana Silva',
      code: '4829',
      check_in: CHECK_IN_UTC,
      check_out: CHECK_OUT_UTC,
    })
    expect(ana.access_codes.map((c) => [c.name, c.code, c.starts_at, c.ends_at])).toEqual(
      LOCKS.map(() => ['Ana Silva', '4829', CHECK_IN_UTC, CHECK_OUT_UTC]),
    )
    expect(ana.device_ids.sort()).toEqual((await Promise.all(LOCKS.map((l) => lockId(l)))).sort())

    // An empty code: one PIN that the August lock and the Lockly lock (6 to 8 digits, no zeros…) both take.
    const ben = await stayOf('R-2')
    expect(ben.code).toMatch(/^[1-9]{6,8}$/)
    expect(ben.access_codes.map((c) => c.code)).toEqual([ben.code, ben.code])

    await settle()
    const before = await tableCounts()
    const again = await importCsv(csv, false)
    expect(await outline(again)).toEqual(['2 unchanged', '3 unchanged'])
    expect(again.rows.map((r) => r.stay_id)).toEqual([ana.stay_id, ben.stay_id])
    expect(await tableCounts()).toEqual(before)
    expect((await stayOf('R-2')).code).toBe(ben.code)

    await advance(Date.parse(CHECK_IN_UTC) - clock.now().getTime() + HOUR)
    for (const code of [...ana.access_codes, ...ben.access_codes])
      expect(await stateOf(code.access_code_id)).toEqual({ status: 'set', errors: [], warnings: [] })
    expect(await stayOf('R-1')).toMatchObject({ status: 'in_progress', health: 'ready' })
  })

  it('shifts every door of a stay whose times changed (a late checkout), keeping its codes and PIN', async () => {
    await importCsv(csvOf(stayLine('R-1', 'Ana Silva', LOCKS), stayLine('R-2', 'Ben', ['August lock'])), false)
    const before = await doorsOf('R-1')
    const pin = (await stayOf('R-1')).code

    const later = csvOf(
      stayLine('R-1', 'Ana Silva', LOCKS, '', { out: '2026-03-08 14:00' }),
      stayLine('R-2', 'Ben', ['August lock']),
    )
    const preview = await importCsv(later, true)
    expect(await outline(preview)).toEqual(['2 update', '3 unchanged'])
    expect(await doorsOf('R-1')).toEqual(before)

    const shifted = await importCsv(later, false)
    expect(await outline(shifted)).toEqual(['2 update', '3 unchanged'])
    const after = await doorsOf('R-1')
    expect(after.ids).toEqual(before.ids)
    expect(after.lines).toEqual(before.lines.map((l) => l.replace(CHECK_OUT_UTC, '2026-03-08T18:00:00.000Z')))
    expect((await stayOf('R-1')).code).toBe(pin)
    expect(await outline(await importCsv(later, false))).toEqual(['2 unchanged', '3 unchanged'])
  })

  it('is still unchanged once its stays have ended; a row moving a stay into the past is refused', async () => {
    const csv = csvOf(stayLine('R-1', 'Ana', ['August lock', 'Yale lock']), stayLine('R-2', 'Ben', ['Yale lock']))
    await importCsv(csv, false)
    await advance(Date.parse(CHECK_OUT_UTC) - clock.now().getTime() + HOUR)
    expect(await stayOf('R-1')).toMatchObject({ status: 'ended' })
    expect(await outline(await importCsv(csv, false))).toEqual(['2 unchanged', '3 unchanged'])

    const moved = await importCsv(
      csvOf(
        stayLine('R-1', 'Ana', ['August lock', 'Yale lock'], '', { out: '2026-03-08 12:00' }),
        stayLine('R-3', 'Cleo', ['Yale lock']),
      ),
      false,
    )
    expect(await outline(moved)).toEqual(['2 error check_out_in_past@-', '3 error check_out_in_past@-'])
    expect((await stayOf('R-1')).check_out).toBe(CHECK_OUT_UTC)
  })

  it('adds and removes doors as the row’s locks change', async () => {
    await importCsv(csvOf(stayLine('R-1', 'Ana', ['August lock', 'Yale lock'])), false)
    const { code } = await stayOf('R-1')
    const changed = await importCsv(csvOf(stayLine('R-1', 'Ana', ['Yale lock', 'Kwikset lock'])), false)
    expect(await outline(changed)).toEqual(['2 update'])
    const stay = await stayOf('R-1')
    expect(stay.device_ids.sort()).toEqual([await lockId('Yale lock'), await lockId('Kwikset lock')].sort())
    expect(stay.access_codes.map((c) => c.code)).toEqual([code, code])
  })
})

/**
 * Makes the store refuse, as a failing disk would, every `events` write to `table` (or row of it) for which the
 * SQL condition `when` (over `new.`) holds.
 */
async function refuseWrites(table: 'access_codes' | 'events', events: readonly ('insert' | 'update')[], when: string) {
  const name = `refuse_${table}`
  if (testEngine === 'sqlite') {
    for (const event of events)
      await sql
        .raw(
          `create trigger ${name}_${event} before ${event} on ${table} when ${when} ` +
            `begin select raise(abort, 'simulated write failure'); end`,
        )
        .execute(store.db)
    return
  }
  await sql
    .raw(
      `create function ${name}() returns trigger language plpgsql as $$ ` +
        `begin if ${when} then raise exception 'simulated write failure'; end if; return new; end $$`,
    )
    .execute(store.db)
  await sql
    .raw(`create trigger ${name} before ${events.join(' or ')} on ${table} for each row execute function ${name}()`)
    .execute(store.db)
}

/** Makes the store refuse writing the code named `name` on `deviceId` (inserts and updates). */
async function refuseWritesOf(name: string, deviceId: string): Promise<void> {
  await refuseWrites('access_codes', ['insert', 'update'], `new.name = '${name}' and new.device_id = '${deviceId}'`)
}

/** The workspace's stays' reservation keys, sorted. */
async function writtenKeys(): Promise<string[]> {
  const stays = await store.db.selectFrom('stays').select('reservation_key').orderBy('reservation_key').execute()
  return stays.map((s) => s.reservation_key)
}

describe('a row that fails when it is written', () => {
  it('is written not at all (no stay, no door), is an error row, and the rows around it are written', async () => {
    await refuseWritesOf('Unwritable', await lockId('Kwikset lock'))
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const answer = await importCsv(
      csvOf(
        stayLine('R-1', 'Ana', LOCKS),
        stayLine('R-2', 'Unwritable', LOCKS),
        stayLine('R-3', 'Cleo', ['August lock', 'Kwikset lock']),
      ),
      false,
    )
    expect(await outline(answer)).toEqual(['2 create', '3 error write_failed@-', '4 create'])
    expect(answer.rows[1]).toMatchObject({ reservation_key: 'R-2', stay_id: null })
    expect(answer.rows[1]?.problems[0]?.message).toBe(
      'This row could not be saved (an unexpected error); nothing of it was written. Try again.',
    )
    expect(errors).toHaveBeenCalledWith('[stays/import] line 3 could not be written:', expect.anything())
    expect(await writtenKeys()).toEqual(['R-1', 'R-3'])
    const named = await store.db.selectFrom('access_codes').select('name').where('name', '=', 'Unwritable').execute()
    expect(named).toEqual([])
    expect((await stayOf('R-3')).access_codes).toHaveLength(2)
    errors.mockRestore()
  })

  it('leaves a stay being shifted as it was on every door', async () => {
    await importCsv(csvOf(stayLine('R-1', 'Unwritable', LOCKS)), false)
    const before = await doorsOf('R-1')
    await refuseWritesOf('Unwritable', await lockId('Kwikset lock'))
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const answer = await importCsv(csvOf(stayLine('R-1', 'Unwritable', LOCKS, '', { out: '2026-03-09 11:00' })), false)
    expect(await outline(answer)).toEqual(['2 error write_failed@-'])
    expect(await doorsOf('R-1')).toEqual(before)
    expect((await stayOf('R-1')).check_out).toBe(CHECK_OUT_UTC)
    errors.mockRestore()
  })
})

describe('rows written many to a transaction', () => {
  /** Rows R-1… on the August and Kwikset locks, those at `failing` (0-based) named "Unwritable". */
  const rowsOf = (count: number, failing: readonly number[], window: { out?: string } = {}): string[] =>
    Array.from({ length: count }, (_, i) =>
      stayLine(
        `R-${i + 1}`,
        failing.includes(i) ? 'Unwritable' : `Guest ${i + 1}`,
        ['August lock', 'Kwikset lock'],
        '',
        window,
      ),
    )

  it('rolls back only the failing rows — in the middle of a batch, first of the next, last — and writes the rest with their events and lock work', async () => {
    const count = 2 * STAYS_PER_BATCH + 20
    const failing = [STAYS_PER_BATCH / 2, STAYS_PER_BATCH, count - 1]
    await refuseWritesOf('Unwritable', await lockId('Kwikset lock'))
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const answer = await importCsv(csvOf(...rowsOf(count, failing)), false)
    expect(await outline(answer)).toEqual(
      Array.from({ length: count }, (_, i) => `${i + 2} ${failing.includes(i) ? 'error write_failed@-' : 'create'}`),
    )
    expect(errors).toHaveBeenCalledTimes(failing.length)
    errors.mockRestore()

    const kept = Array.from({ length: count }, (_, i) => i).filter((i) => !failing.includes(i))
    expect(await writtenKeys()).toEqual(kept.map((i) => `R-${i + 1}`).sort())
    expect(answer.rows.filter((r) => r.action === 'create').map((r) => r.stay_id)).toEqual(
      await Promise.all(kept.map(async (i) => (await stayOf(`R-${i + 1}`)).stay_id)),
    )
    // Two doors a kept row, none of a failing one: not its August door either, nor their events.
    const codes = await store.db.selectFrom('access_codes').select(['access_code_id', 'name', 'stay_id']).execute()
    expect(codes.filter((c) => c.name === 'Unwritable')).toEqual([])
    expect(codes.filter((c) => c.stay_id !== null)).toHaveLength(2 * kept.length)
    const created = await store.db
      .selectFrom('events')
      .select('access_code_id')
      .where('event_type', '=', 'access_code.created')
      .execute()
    expect(created.map((e) => e.access_code_id).sort()).toEqual(
      codes
        .filter((c) => c.stay_id !== null)
        .map((c) => c.access_code_id)
        .sort(),
    )
    // The lock side was asked to program both locks, and does by check-in.
    const jobs = await store.db.selectFrom('sync_jobs').select('device_id').execute()
    expect(jobs.map((j) => j.device_id).sort()).toEqual(
      [await lockId('August lock'), await lockId('Kwikset lock')].sort(),
    )
    await advance(Date.parse(CHECK_IN_UTC) - clock.now().getTime() + HOUR)
    for (const i of [0, STAYS_PER_BATCH + 1, count - 2])
      expect(await stayOf(`R-${i + 1}`)).toMatchObject({ status: 'in_progress', health: 'ready' })
  })

  it('leaves a stay being shifted in the middle of a batch as it was on every door, and shifts those around it', async () => {
    const count = 5
    await importCsv(csvOf(...rowsOf(count, [2])), false)
    const before = await Promise.all(Array.from({ length: count }, (_, i) => doorsOf(`R-${i + 1}`)))
    await refuseWritesOf('Unwritable', await lockId('Kwikset lock'))
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const answer = await importCsv(csvOf(...rowsOf(count, [2], { out: '2026-03-09 11:00' })), false)
    expect(await outline(answer)).toEqual(['2 update', '3 update', '4 error write_failed@-', '5 update', '6 update'])
    errors.mockRestore()
    for (let i = 0; i < count; i++) {
      const after = await doorsOf(`R-${i + 1}`)
      expect(after.ids).toEqual(before[i]?.ids)
      expect(after.lines).toEqual(
        i === 2 ? before[i]?.lines : before[i]?.lines.map((l) => l.replace(CHECK_OUT_UTC, '2026-03-09T15:00:00.000Z')),
      )
    }
    expect((await stayOf('R-3')).check_out).toBe(CHECK_OUT_UTC)
  })

  it('writes a batch whose shared writes fail row by row again: only the row at fault is refused', async () => {
    // The events are written once for the whole batch: refusing those of one row's codes fails the batch.
    await refuseWrites(
      'events',
      ['insert'],
      "exists (select 1 from access_codes where access_code_id = new.access_code_id and name = 'Unwritable')",
    )
    const warnings = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const answer = await importCsv(csvOf(...rowsOf(4, [1])), false)
    expect(await outline(answer)).toEqual(['2 create', '3 error write_failed@-', '4 create', '5 create'])
    expect(warnings).toHaveBeenCalledWith(
      '[stays/import] a batch of 4 stays could not be written together; writing them one by one:',
      expect.anything(),
    )
    expect(errors).toHaveBeenCalledWith('[stays/import] line 3 could not be written:', expect.anything())
    warnings.mockRestore()
    errors.mockRestore()
    expect(await writtenKeys()).toEqual(['R-1', 'R-3', 'R-4'])
    const named = await store.db.selectFrom('access_codes').select('name').where('name', '=', 'Unwritable').execute()
    expect(named).toEqual([])
    const { n } = await store.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('event_type', '=', 'access_code.created')
      .executeTakeFirstOrThrow()
    expect(Number(n)).toBe(6)
  })

  it('says which PIN or reservation key another write took between the plan and the write, and writes the others', async () => {
    const ctx = { db: store.db, clock, workspaceId: workspace.workspace_id }
    const deviceIds = [await lockId('August lock'), await lockId('Kwikset lock')]
    const book = await loadLockBook(ctx, deviceIds)
    const draft = (reservationKey: string, code: string) => ({
      reservationKey,
      guestName: reservationKey,
      propertyId: workspace.property_id,
      deviceIds,
      checkIn: CHECK_IN_UTC,
      checkOut: CHECK_OUT_UTC,
      code,
    })
    const planned = [
      draft('R-1', '583920'),
      draft('R-2', '692041'),
      draft('R-3', '740163'),
      draft('R-4', '815274'),
    ].map((d) => planStay(book, undefined, d, clock.now(), d.reservationKey))
    expect(planned.map((p) => p.plan.action)).toEqual(['create', 'create', 'create', 'create'])
    // Meanwhile: a cleaner's code takes R-2's PIN on the Kwikset lock, and another stay takes the key R-3.
    await http.ok('/access_codes/create', { device_id: deviceIds[1], name: 'Cleaner', code: '692041' })
    await importCsv(csvOf(stayLine('R-3', 'Other', ['Yale lock'])), false)

    const written = await writeStaysInBatches(ctx, planned)
    expect(written.map((w) => w.ok)).toEqual([true, false, false, true])
    const [, pinTaken, keyTaken] = written
    expect(pinTaken?.ok === false && pinTaken.error).toMatchObject({
      type: 'stay_cannot_be_scheduled',
      message: expect.stringContaining('PIN 692041 was taken on Kwikset lock') as unknown,
    })
    expect(keyTaken?.ok === false && keyTaken.error).toMatchObject({ type: 'reservation_key_in_use' })
    expect(await writtenKeys()).toEqual(['R-1', 'R-3', 'R-4'])
    expect((await stayOf('R-3')).guest_name).toBe('Other')
    for (const key of ['R-1', 'R-4']) expect((await stayOf(key)).access_codes).toHaveLength(2)
  })
})

describe('tenancy', () => {
  it('makes the same reservation key in two workspaces two stays, each on its own workspace’s locks', async () => {
    const second = await createWorkspace(store.db, clock, { name: 'Second', sandboxDevices: 8 })
    const secondHttp = new HttpClient(server.endpoint, second.api_key)
    const mine = await importCsv(csvOf(stayLine('R-1', 'Ana', ['August lock'])), false)
    const theirs = await importCsv(
      csvOf(stayLine('R-1', 'Zoe', ['August lock'], '', { property: 'Second property' })),
      false,
      secondHttp,
    )
    expect([mine.rows[0]?.action, theirs.rows[0]?.action]).toEqual(['create', 'create'])
    expect(mine.rows[0]?.stay_id).not.toBe(theirs.rows[0]?.stay_id)
    expect(await stayOf('R-1')).toMatchObject({
      guest_name: 'Ana',
      workspace_id: workspace.workspace_id,
      device_ids: [await lockId('August lock')],
    })
    expect(await stayOf('R-1', secondHttp)).toMatchObject({
      guest_name: 'Zoe',
      workspace_id: second.workspace_id,
      device_ids: [await lockId('August lock', second.workspace_id)],
    })
    // Neither workspace sees the other's property.
    const across = await importCsv(
      csvOf(stayLine('R-2', 'Ana', ['August lock'], '', { property: 'Second property' })),
      true,
    )
    expect(await outline(across)).toEqual(['2 error unknown_property@-'])
    expect(await outline(await importCsv(csvOf(stayLine('R-1', 'Ana', ['August lock'])), false))).toEqual([
      '2 unchanged',
    ])
  })
})

describe('the plan', () => {
  it('counts earlier rows: a lock whose slots the file fills refuses the rows after', async () => {
    // The SmartThings lock has 30 slots and no native scheduling: 30 stays over one window fill it.
    const rows = Array.from({ length: 31 }, (_, i) =>
      stayLine(`R-${i + 1}`, `Guest ${i + 1}`, ['Samsung SmartThings lock']),
    )
    const preview = await importCsv(csvOf(...rows), true)
    expect(preview.summary).toEqual({ create: 30, update: 0, unchanged: 0, error: 1 })
    expect(await outline(preview).then((o) => o.at(-1))).toBe('32 error no_free_slot@Samsung SmartThings lock')
    // Each picked PIN is its own: no two rows share one on the lock.
    const committed = await importCsv(csvOf(...rows), false)
    expect(committed.summary).toEqual(preview.summary)
    const pins = await store.db
      .selectFrom('access_codes')
      .select('code')
      .where('device_id', '=', await lockId('Samsung SmartThings lock'))
      .execute()
    expect(new Set(pins.map((p) => p.code)).size).toBe(30)
  })
})
