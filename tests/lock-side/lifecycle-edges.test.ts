// Every edge of the lifecycle table (lib/sync/lifecycle.ts) taken end to end: codes created, changed and deleted
// through the API, locks refusing, disconnected and removed through the simulate endpoints, and the reconciler on a
// manual clock doing the lock work. Each scenario asserts the exact moves its codes made (recorded where passes store
// them, tests/support/reconciler-watch.ts) and what a user sees; the last test fails when an edge of the table was
// never taken by any of them.
import { beforeEach, describe, expect, it } from 'vitest'
import { createProviderResolver } from '@/lib/locks/providers'
import { readSandboxKeypad } from '@/lib/locks/sandbox-lock'
import { lifecycle, type LifecycleState, type LifecycleTrigger } from '@/lib/sync/lifecycle'
import type { LifecycleMove } from '@/lib/sync/reconciler-observers'
import { Reconciler } from '@/lib/sync/reconciler'
import { requestSync } from '@/lib/sync/sync-jobs'
import { ManualClock } from '@/lib/time/clock'
import { lifecycleMovesSeen, recordLifecycleMoves } from '@/tests/support/reconciler-watch'
import {
  actionAttempt,
  advance,
  at,
  clock,
  createCode,
  DAY,
  deleteCode,
  deviceOf,
  getDevice,
  HOUR,
  http,
  settle,
  stateOf,
  store,
} from '@/tests/support/simulation-api'

const edgeName = (from: string, trigger: string, to: string): string => `${from} -${trigger}-> ${to}`
const nameOf = (m: LifecycleMove): string => edgeName(m.from, m.trigger, m.to)

let movesSince: () => LifecycleMove[]
beforeEach(() => {
  movesSince = recordLifecycleMoves()
})

/** The moves one code made since the test began, oldest first. */
const movesOf = (accessCodeId: string): string[] =>
  movesSince()
    .filter((m) => m.accessCodeId === accessCodeId)
    .map(nameOf)

const keypad = async (deviceId: string): Promise<string[]> =>
  (await readSandboxKeypad(store.db, deviceId)).map((k) => k.code).sort()

const attemptOutcome = async (actionAttemptId: string): Promise<{ status: string; error: string | null }> => {
  const attempt = await actionAttempt(actionAttemptId)
  return { status: attempt.status, error: attempt.error?.type ?? null }
}

const refuse = (deviceId: string, ops: { set?: number; remove?: number }): Promise<unknown> =>
  http.ok('/devices/simulate/fail_next_operations', { device_id: deviceId, ...ops })

const update = (
  accessCodeId: string,
  changes: Record<string, unknown>,
): Promise<{ action_attempt: { action_attempt_id: string } }> =>
  http.ok<{ action_attempt: { action_attempt_id: string } }>('/access_codes/update', {
    access_code_id: accessCodeId,
    ...changes,
  })

// Scenarios that ran to the end: the coverage check below only judges a run of the whole file.
const scenarios = { defined: 0, passed: 0 }
function scenario(name: string, body: () => Promise<void>): void {
  scenarios.defined++
  it(name, async () => {
    await body()
    scenarios.passed++
  })
}

describe('codes that never reach the lock', () => {
  scenario(
    'a booking cancelled before its window: it finishes without the lock, its delete attempt succeeds',
    async () => {
      const lock = deviceOf('smartthings')
      const booking = await createCode({ device_id: lock, name: 'Booking', starts_at: at(DAY), ends_at: at(2 * DAY) })
      const id = booking.access_code.access_code_id
      expect(booking.access_code.status).toBe('unset')
      await settle()
      const deletion = await deleteCode(id)
      await settle()

      expect(movesOf(id)).toEqual(['unset -finished-> deleted'])
      expect(await attemptOutcome(deletion.action_attempt_id)).toEqual({ status: 'success', error: null })
      expect(await attemptOutcome(booking.action_attempt.action_attempt_id)).toEqual({
        status: 'error',
        error: 'access_code_deleted',
      })
      expect(await keypad(lock)).toEqual([])
    },
  )

  scenario(
    'a code the lock keeps refusing, deleted: it finishes (setting → deleted), its delete attempt succeeds',
    async () => {
      const lock = deviceOf('smartthings')
      await refuse(lock, { set: 10 })
      const created = await createCode({ device_id: lock, name: 'Refused', code: '4821' })
      const id = created.access_code.access_code_id
      await settle()
      expect((await stateOf(id)).status).toBe('setting')
      const deletion = await deleteCode(id)
      await settle()

      expect(movesOf(id)).toEqual(['setting -finished-> deleted'])
      expect(await attemptOutcome(deletion.action_attempt_id)).toEqual({ status: 'success', error: null })
      expect(await keypad(lock)).toEqual([])
    },
  )

  scenario(
    'a code whose window moves later while the lock refuses it goes back to unset (cancelled), then is set at the new start',
    async () => {
      const lock = deviceOf('smartthings')
      await refuse(lock, { set: 10 })
      const created = await createCode({ device_id: lock, name: 'Guest', code: '4821' })
      const id = created.access_code.access_code_id
      await settle()
      const moved = await update(id, { starts_at: at(DAY), ends_at: at(2 * DAY) })
      await settle()
      expect(await stateOf(id)).toEqual({ status: 'unset', errors: [], warnings: [] })
      expect(await attemptOutcome(moved.action_attempt.action_attempt_id)).toEqual({ status: 'success', error: null })

      await refuse(lock, { set: 0 })
      await advance(DAY)
      expect(movesOf(id)).toEqual([
        'setting -cancelled-> unset',
        'unset -start_programming-> setting',
        'setting -confirmed_set-> set',
      ])
      expect(await keypad(lock)).toEqual(['4821'])
    },
  )
})

describe('codes on the keypad', () => {
  scenario(
    'a new PIN the lock refuses, then deleted: the old PIN still on the keypad comes off (setting → removing)',
    async () => {
      const lock = deviceOf('lockly')
      const created = await createCode({ device_id: lock, name: 'Cleaner', code: '615243' })
      const id = created.access_code.access_code_id
      await settle()
      await refuse(lock, { set: 10 })
      const changed = await update(id, { code: '736152' })
      await settle()
      expect((await stateOf(id)).status).toBe('setting')
      expect(await keypad(lock)).toEqual(['615243'])
      const deletion = await deleteCode(id)
      await settle()

      expect(movesOf(id)).toEqual([
        'setting -confirmed_set-> set',
        'set -start_programming-> setting',
        'setting -start_removing-> removing',
        'removing -finished-> deleted',
      ])
      expect(await keypad(lock)).toEqual([])
      expect(await attemptOutcome(deletion.action_attempt_id)).toEqual({ status: 'success', error: null })
      expect(await attemptOutcome(changed.action_attempt.action_attempt_id)).toEqual({
        status: 'error',
        error: 'access_code_deleted',
      })
    },
  )

  scenario(
    'moved later while the lock refuses the removal, then back: removing → setting → set without a new entry; moved later again it comes off',
    async () => {
      const lock = deviceOf('smartthings')
      const created = await createCode({ device_id: lock, name: 'Guest', code: '4821' })
      const id = created.access_code.access_code_id
      await settle()
      await refuse(lock, { remove: 10 })
      await update(id, { starts_at: at(DAY), ends_at: at(2 * DAY) })
      await settle()
      expect((await stateOf(id)).status).toBe('removing')
      const back = await update(id, { type: 'ongoing' })
      await settle()
      expect(await stateOf(id)).toEqual({ status: 'set', errors: [], warnings: [] })
      expect(await attemptOutcome(back.action_attempt.action_attempt_id)).toEqual({ status: 'success', error: null })

      await refuse(lock, { remove: 0 })
      await update(id, { starts_at: at(DAY), ends_at: at(2 * DAY) })
      await settle()
      expect(movesOf(id)).toEqual([
        'setting -confirmed_set-> set',
        'set -start_removing-> removing',
        'removing -start_programming-> setting',
        'setting -confirmed_set-> set',
        'set -start_removing-> removing',
        'removing -confirmed_removed-> unset',
      ])
      expect(await stateOf(id)).toEqual({ status: 'unset', errors: [], warnings: [] })
      expect(await keypad(lock)).toEqual([])
    },
  )

  scenario('deleted in the maker’s app while external changes are allowed: left off (set → unset)', async () => {
    const lock = deviceOf('smartthings')
    const created = await createCode({
      device_id: lock,
      name: 'Owner',
      code: '4821',
      is_external_modification_allowed: true,
    })
    const id = created.access_code.access_code_id
    await settle()
    await http.ok('/access_codes/simulate/remove_from_keypad', { access_code_id: id })
    await settle()
    expect(movesOf(id)).toEqual(['setting -confirmed_set-> set', 'set -lost_from_device-> unset'])
    expect(await stateOf(id)).toEqual({ status: 'unset', errors: [], warnings: ['code_modified_external_to_seam'] })
  })
})

describe('natively scheduled codes', () => {
  scenario(
    'scheduled on the lock ahead of its window, activated by the lock at its start, taken off at its end',
    async () => {
      const lock = deviceOf('august')
      const created = await createCode({
        device_id: lock,
        name: 'Stay',
        code: '4821',
        starts_at: at(HOUR),
        ends_at: at(2 * HOUR),
      })
      const id = created.access_code.access_code_id
      await settle()
      expect(await stateOf(id)).toEqual({ status: 'unset', errors: [], warnings: [] })
      expect(await keypad(lock)).toEqual(['4821'])
      await advance(HOUR)
      expect((await stateOf(id)).status).toBe('set')
      await advance(HOUR)
      expect(movesOf(id)).toEqual([
        'unset -start_programming-> setting',
        'setting -scheduled_on_device-> unset',
        'unset -activated-> set',
        'set -start_removing-> removing',
        'removing -finished-> deleted',
      ])
      expect(await keypad(lock)).toEqual([])
    },
  )

  scenario('a scheduled booking cancelled before its window comes off the keypad (unset → removing)', async () => {
    const lock = deviceOf('august')
    const created = await createCode({
      device_id: lock,
      name: 'Stay',
      code: '4821',
      starts_at: at(DAY),
      ends_at: at(2 * DAY),
    })
    const id = created.access_code.access_code_id
    await settle()
    const deletion = await deleteCode(id)
    await settle()
    expect(movesOf(id)).toEqual([
      'unset -start_programming-> setting',
      'setting -scheduled_on_device-> unset',
      'unset -start_removing-> removing',
      'removing -finished-> deleted',
    ])
    expect(await attemptOutcome(deletion.action_attempt_id)).toEqual({ status: 'success', error: null })
    expect(await keypad(lock)).toEqual([])
  })

  scenario(
    'two instances a minute apart: the one behind sees a code the other set at its start as scheduled ahead (set → unset) until its own clock gets there',
    async () => {
      const lock = deviceOf('august')
      const created = await createCode({
        device_id: lock,
        name: 'Stay',
        code: '4821',
        starts_at: at(HOUR),
        ends_at: at(DAY),
      })
      const id = created.access_code.access_code_id
      await settle()
      await advance(HOUR)
      expect((await stateOf(id)).status).toBe('set')

      const behind = new ManualClock(new Date(clock.now().getTime() - 60_000))
      const lagging = new Reconciler({
        db: store.db,
        engine: store.engine,
        clock: behind,
        providerFor: createProviderResolver({ db: store.db, clock: behind, sandboxLatencyScale: 0 }),
        log: () => undefined,
      })
      // A write made on the instance that is behind asks for a pass at its own now.
      await requestSync(store.db, [lock], behind.now())
      await lagging.runUntilIdle()
      expect((await stateOf(id)).status).toBe('unset')
      behind.advance(60_000)
      await requestSync(store.db, [lock], behind.now())
      await lagging.runUntilIdle()

      expect(movesOf(id)).toEqual([
        'unset -start_programming-> setting',
        'setting -scheduled_on_device-> unset',
        'unset -activated-> set',
        'set -scheduled_on_device-> unset',
        'unset -activated-> set',
      ])
      expect(await stateOf(id)).toEqual({ status: 'set', errors: [], warnings: [] })
      expect(await keypad(lock)).toEqual(['4821'])
    },
  )
})

describe('offline codes', () => {
  scenario('never touch the keypad: set when their window opens, deleted when it ends or when deleted', async () => {
    const lock = deviceOf('igloohome')
    const now = await createCode({
      device_id: lock,
      name: 'Now',
      is_offline_access_code: true,
      starts_at: at(0),
      ends_at: at(2 * DAY),
    })
    const later = await createCode({
      device_id: lock,
      name: 'Later',
      is_offline_access_code: true,
      starts_at: at(DAY),
      ends_at: at(3 * DAY),
    })
    const nowId = now.access_code.access_code_id
    const laterId = later.access_code.access_code_id
    await settle()
    expect((await stateOf(nowId)).status).toBe('set')
    expect((await stateOf(laterId)).status).toBe('unset')
    await advance(DAY)
    expect((await stateOf(laterId)).status).toBe('set')
    const deletion = await deleteCode(laterId)
    await settle()
    await advance(DAY)

    expect(movesOf(nowId)).toEqual(['setting -confirmed_set-> set', 'set -finished-> deleted'])
    expect(movesOf(laterId)).toEqual(['unset -activated-> set', 'set -finished-> deleted'])
    expect(await attemptOutcome(deletion.action_attempt_id)).toEqual({ status: 'success', error: null })
    expect(await keypad(lock)).toEqual([])
  })
})

/**
 * One lock with a code in each live state: a booking (`unset`), one the lock refuses (`setting`), one on the keypad
 * (`set`), one being deleted whose removal the lock refuses (`removing`), and one moved later whose removal the lock
 * refuses (`removing`, not deleted). The lock keeps refusing until `refuse(lock, { set: 0, remove: 0 })`.
 */
async function codeInEveryState(
  lock: string,
): Promise<Record<'unset' | 'setting' | 'set' | 'deleting' | 'moving', string>> {
  const set = await createCode({ device_id: lock, name: 'Set', code: '482159' })
  const deleting = await createCode({ device_id: lock, name: 'Deleting', code: '593261' })
  const moving = await createCode({ device_id: lock, name: 'Moving', code: '614372' })
  await settle()
  await refuse(lock, { set: 100, remove: 100 })
  const setting = await createCode({ device_id: lock, name: 'Setting', code: '725483' })
  const unset = await createCode({ device_id: lock, name: 'Booking', starts_at: at(DAY), ends_at: at(2 * DAY) })
  await deleteCode(deleting.access_code.access_code_id)
  await update(moving.access_code.access_code_id, { starts_at: at(DAY), ends_at: at(2 * DAY) })
  await settle()
  const ids = {
    unset: unset.access_code.access_code_id,
    setting: setting.access_code.access_code_id,
    set: set.access_code.access_code_id,
    deleting: deleting.access_code.access_code_id,
    moving: moving.access_code.access_code_id,
  }
  expect((await stateOf(ids.unset)).status).toBe('unset')
  expect((await stateOf(ids.setting)).status).toBe('setting')
  expect((await stateOf(ids.set)).status).toBe('set')
  expect((await stateOf(ids.moving)).status).toBe('removing')
  return ids
}

describe('a disconnected account and a removed lock', () => {
  scenario(
    'a disconnected account: every live code becomes unknown; once back, each resumes and a deletion finishes',
    async () => {
      const lock = deviceOf('smartthings')
      const ids = await codeInEveryState(lock)
      const before = movesSince().length
      const { connected_account_id } = await getDevice(lock)
      await http.ok('/connected_accounts/simulate/disconnect', { connected_account_id })
      await settle()
      const deletion = await http.ok<{ action_attempt: { action_attempt_id: string } }>('/access_codes/delete', {
        access_code_id: ids.set,
      })
      await settle()
      expect(await attemptOutcome(deletion.action_attempt.action_attempt_id)).toEqual({
        status: 'pending',
        error: null,
      })
      await refuse(lock, { set: 0, remove: 0 })
      await http.ok('/connected_accounts/simulate/connect', { connected_account_id })
      await settle()

      const after = (id: string): string[] =>
        movesSince()
          .slice(before)
          .filter((m) => m.accessCodeId === id)
          .map(nameOf)
      expect(after(ids.unset)).toEqual(['unset -account_lost-> unknown', 'unknown -account_restored-> unset'])
      expect(after(ids.setting)).toEqual([
        'setting -account_lost-> unknown',
        'unknown -account_restored-> unset',
        'unset -start_programming-> setting',
        'setting -confirmed_set-> set',
      ])
      // Deleted while unknown: nobody could tell what the keypad held; once back, its PIN comes off.
      expect(after(ids.set)).toEqual([
        'set -account_lost-> unknown',
        'unknown -account_restored-> unset',
        'unset -start_removing-> removing',
        'removing -finished-> deleted',
      ])
      expect(after(ids.deleting)).toEqual([
        'removing -account_lost-> unknown',
        'unknown -account_restored-> unset',
        'unset -start_removing-> removing',
        'removing -finished-> deleted',
      ])
      expect(after(ids.moving)).toEqual([
        'removing -account_lost-> unknown',
        'unknown -account_restored-> unset',
        'unset -start_removing-> removing',
        'removing -confirmed_removed-> unset',
      ])
      expect(await attemptOutcome(deletion.action_attempt.action_attempt_id)).toEqual({
        status: 'success',
        error: null,
      })
      expect(await keypad(lock)).toEqual(['725483'])
    },
  )

  scenario(
    'a removed lock: live codes become unknown, deleted ones finish, and a code deleted afterwards finishes too',
    async () => {
      const lock = deviceOf('lockly')
      const ids = await codeInEveryState(lock)
      const before = movesSince().length
      await http.ok('/devices/simulate/remove', { device_id: lock })
      await settle()
      for (const id of [ids.unset, ids.setting, ids.set, ids.moving])
        expect(await stateOf(id)).toEqual({ status: 'unknown', errors: ['device_removed'], warnings: [] })
      // Still listed with device_removed, so still deletable: the one that never reached the lock is simply done; the
      // one on the keypad can no longer be taken off it, and its attempt says so.
      const neverOnLock = await deleteCode(ids.unset)
      const onKeypad = await deleteCode(ids.set)
      await settle()

      const after = (id: string): string[] =>
        movesSince()
          .slice(before)
          .filter((m) => m.accessCodeId === id)
          .map(nameOf)
      expect(after(ids.unset)).toEqual(['unset -device_lost-> unknown', 'unknown -finished-> deleted'])
      expect(after(ids.setting)).toEqual(['setting -device_lost-> unknown'])
      expect(after(ids.set)).toEqual(['set -device_lost-> unknown', 'unknown -finished-> deleted'])
      expect(after(ids.deleting)).toEqual(['removing -finished-> deleted'])
      expect(after(ids.moving)).toEqual(['removing -device_lost-> unknown'])
      expect(await attemptOutcome(neverOnLock.action_attempt_id)).toEqual({ status: 'success', error: null })
      expect(await attemptOutcome(onKeypad.action_attempt_id)).toEqual({ status: 'error', error: 'device_removed' })
    },
  )
})

describe('the lifecycle table', () => {
  it('has every edge taken end to end by the scenarios above', (context) => {
    if (scenarios.passed < scenarios.defined)
      context.skip('only judged when every scenario of this file ran and passed')
    const table = (Object.entries(lifecycle) as [LifecycleState, Partial<Record<LifecycleTrigger, LifecycleState>>][])
      .flatMap(([from, edges]) => Object.entries(edges).map(([trigger, to]) => edgeName(from, trigger, to)))
      .sort()
    const taken = new Set(lifecycleMovesSeen().map(nameOf))
    expect(table.filter((edge) => !taken.has(edge))).toEqual([])
    expect([...taken].filter((edge) => !table.includes(edge))).toEqual([])
    expect(table).toHaveLength(27)
  })
})
