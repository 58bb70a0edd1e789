// /stays/import, what an import writes: each good row a stay whose doors reach `set`; the same file again changes
// nothing; a row whose times changed shifts every door of its stay; an empty code gets one PIN every lock takes, and
// keeps it; a row that fails at write time is written not at all (no stay, no door) while the rows around it are;
// and a reservation key belongs to one workspace.
import { sql } from 'kysely'
import { describe, expect, it, vi } from 'vitest'
import { createWorkspace } from '@/lib/workspaces/create-workspace'
import { HttpClient } from '@/tests/support/http-client'
import { testEngine } from '@/tests/support/test-store'
import { advance, clock, HOUR, server, settle, stateOf, store, workspace } from '@/tests/support/simulation-api'
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

/** Makes the store refuse writing the code named `name` on `deviceId` (inserts and updates), as a failing disk would. */
async function refuseWritesOf(name: string, deviceId: string): Promise<void> {
  const when = `new.name = '${name}' and new.device_id = '${deviceId}'`
  if (testEngine === 'sqlite') {
    for (const event of ['insert', 'update'])
      await sql
        .raw(
          `create trigger refuse_${event} before ${event} on access_codes when ${when} ` +
            `begin select raise(abort, 'simulated write failure'); end`,
        )
        .execute(store.db)
    return
  }
  await sql
    .raw(
      `create function refuse_write() returns trigger language plpgsql as $$ ` +
        `begin raise exception 'simulated write failure'; end $$`,
    )
    .execute(store.db)
  await sql
    .raw(
      `create trigger refuse_write before insert or update on access_codes for each row when (${when}) ` +
        'execute function refuse_write()',
    )
    .execute(store.db)
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
    const stays = await store.db.selectFrom('stays').select('reservation_key').orderBy('reservation_key').execute()
    expect(stays.map((s) => s.reservation_key)).toEqual(['R-1', 'R-3'])
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
