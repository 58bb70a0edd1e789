import type { Insertable, KyselyPlugin } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueObject } from '@/lib/shared/issue-catalogue'
import { newCodeRow } from '@/lib/access-codes/new-access-code'
import type { AccessCodesTable } from '@/lib/db/schema'
import type { Store } from '@/lib/db/connection'
import { compareLocks, compareProblems, getWorkspaceOverview } from '@/lib/dashboard/overview'
import { listProblems } from '@/lib/problems/list-problems'
import { listProblemsInput } from '@/lib/schemas/problem'
import type { LockOverview, WorkspaceOverview } from '@/lib/shared/workspace-overview'
import { loadDevice } from '@/lib/devices/load-device'
import { addSandboxDevice } from '@/lib/devices/add-sandbox-device'
import { sandboxLockProfiles } from '@/lib/locks/sandbox-profiles'
import { ManualClock } from '@/lib/time/clock'
import { createProperty, createWorkspace, type CreatedWorkspace } from '@/lib/workspaces/create-workspace'
import { openTestStore } from '@/tests/support/test-store'

const clock = new ManualClock('2026-03-01T12:00:00.000Z')
let store: Store
let home: CreatedWorkspace
let other: CreatedWorkspace
let cabinId: string
let cabinLockId: string
let emptyPropertyId: string

const issues = (kind: 'error' | 'warning', ...codes: string[]): string =>
  JSON.stringify(codes.map((code) => issueObject(kind, code, clock.now().toISOString())))

let pinSeq = 1000
async function addCode(
  workspaceId: string,
  deviceId: string,
  overrides: Partial<Insertable<AccessCodesTable>> = {},
): Promise<string> {
  const device = await loadDevice({ db: store.db, clock, workspaceId }, deviceId)
  const row = {
    ...newCodeRow(workspaceId, device, { name: `Code ${pinSeq}` }, String(pinSeq++), null, clock.now()),
    status: 'set' as const,
    ...overrides,
  }
  await store.db.insertInto('access_codes').values(row).execute()
  return row.access_code_id
}

function lockOf(overview: WorkspaceOverview, deviceId: string): LockOverview {
  const lock = overview.properties.flatMap((p) => p.locks).find((l) => l.deviceId === deviceId)
  if (lock === undefined) throw new Error(`lock ${deviceId} is not in the overview`)
  return lock
}

const deviceAt = (workspace: CreatedWorkspace, index: number): string => {
  const id = workspace.device_ids[index]
  if (id === undefined) throw new Error(`no device ${index}`)
  return id
}

beforeAll(async () => {
  store = await openTestStore()
  home = await createWorkspace(store.db, clock, {
    name: 'Home',
    sandboxDevices: 3,
    propertyName: 'Harbour flats',
    timezone: 'Europe/Lisbon',
  })
  other = await createWorkspace(store.db, clock, { name: 'Other', sandboxDevices: 1 })
  clock.advance(1_000)
  cabinId = await createProperty(store.db, clock, home.workspace_id, 'Pine cabin', 'America/Denver')
  clock.advance(1_000)
  emptyPropertyId = await createProperty(store.db, clock, home.workspace_id, 'Empty lot', 'Asia/Tokyo')
  const profile = sandboxLockProfiles[1]
  if (profile === undefined) throw new Error('no sandbox profile')
  cabinLockId = await addSandboxDevice(store.db, clock, {
    workspaceId: home.workspace_id,
    propertyId: cabinId,
    profile,
    displayName: 'Cabin door',
  })

  const [a, b, c] = [deviceAt(home, 0), deviceAt(home, 1), deviceAt(home, 2)]
  // Lock a: 2 fine codes, 1 being set, 3 that failed to program, 1 with a delay warning, 1 deleted but still on
  // the keypad with a removal failure, and rows the overview must not count.
  await addCode(home.workspace_id, a)
  await addCode(home.workspace_id, a)
  await addCode(home.workspace_id, a, { status: 'setting' })
  for (let i = 0; i < 3; i++)
    await addCode(home.workspace_id, a, { status: 'unset', errors: issues('error', 'failed_to_set_on_device') })
  await addCode(home.workspace_id, a, { status: 'setting', warnings: issues('warning', 'delay_in_setting_on_device') })
  await addCode(home.workspace_id, a, {
    status: 'removing',
    deleted_at: clock.now().toISOString(),
    errors: issues('error', 'failed_to_remove_from_device'),
  })
  await addCode(home.workspace_id, a, {
    status: 'deleted',
    deleted_at: clock.now().toISOString(),
    errors: issues('error', 'device_offline'),
  })
  await addCode(home.workspace_id, a, { is_managed: 0, errors: issues('error', 'device_offline') })
  await addCode(home.workspace_id, a, { is_backup: 1, warnings: issues('warning', 'management_transferred') })
  // A backup handed to a code is listed like any code.
  const holder = await addCode(home.workspace_id, a)
  await addCode(home.workspace_id, a, { is_backup: 1, pulled_for_access_code_id: holder })

  // Lock b: offline, low battery, one code with a notice and an error on the same code.
  await store.db.updateTable('devices').set({ online: 0, battery_level: 0.12 }).where('device_id', '=', b).execute()
  await addCode(home.workspace_id, b, {
    status: 'unset',
    errors: issues('error', 'device_offline'),
    warnings: issues('warning', 'third_party_integration_detected'),
  })

  // Lock c: removed from the workspace; its codes are not shown.
  await addCode(home.workspace_id, c, { errors: issues('error', 'failed_to_set_on_device') })
  await store.db
    .updateTable('devices')
    .set({ removed_at: clock.now().toISOString() })
    .where('device_id', '=', c)
    .execute()

  // The other workspace's lock has problems of its own, which must not leak into Home.
  await addCode(other.workspace_id, deviceAt(other, 0), {
    errors: issues('error', 'no_space_for_access_code_on_device'),
  })
})

afterAll(async () => {
  await store.close()
})

describe('getWorkspaceOverview', () => {
  it('lists the workspace’s properties oldest first with their time zones, each with its own locks', async () => {
    const overview = await getWorkspaceOverview({ db: store.db, clock, workspaceId: home.workspace_id })
    expect(overview.properties.map((p) => [p.propertyId, p.name, p.timezone])).toEqual([
      [home.property_id, 'Harbour flats', 'Europe/Lisbon'],
      [cabinId, 'Pine cabin', 'America/Denver'],
      [emptyPropertyId, 'Empty lot', 'Asia/Tokyo'],
    ])
    const [harbour, cabin, empty] = overview.properties
    expect(harbour?.locks.map((l) => l.deviceId).sort()).toEqual([deviceAt(home, 0), deviceAt(home, 1)].sort())
    expect(cabin?.locks.map((l) => l.name)).toEqual(['Cabin door'])
    expect(empty?.locks).toEqual([])
  })

  it('leaves out removed locks and other workspaces’ locks and codes', async () => {
    const overview = await getWorkspaceOverview({ db: store.db, clock, workspaceId: home.workspace_id })
    const ids = overview.properties.flatMap((p) => p.locks.map((l) => l.deviceId))
    expect(ids).not.toContain(deviceAt(home, 2))
    expect(ids).not.toContain(deviceAt(other, 0))
    const titles = overview.properties.flatMap((p) => p.locks.flatMap((l) => l.topProblems.map((t) => t.code)))
    expect(titles).not.toContain('no_space_for_access_code_on_device')

    const theirs = await getWorkspaceOverview({ db: store.db, clock, workspaceId: other.workspace_id })
    expect(theirs.totals).toMatchObject({ locks: 1, codes: 1, problemCodes: 1 })
  })

  it('counts live codes, codes with problems and codes in progress per lock', async () => {
    const overview = await getWorkspaceOverview({ db: store.db, clock, workspaceId: home.workspace_id })
    const a = lockOf(overview, deviceAt(home, 0))
    // 2 fine + 1 setting + 3 failed + 1 delayed + the holder + its pulled backup; not the deleted ones, the
    // unmanaged one or the backup still in the pool.
    expect(a.codeCount).toBe(9)
    // 3 failed + 1 delayed + the removal that failed.
    expect(a.problemCodeCount).toBe(5)
    // 2 setting + the removal still on its way off the keypad.
    expect(a.inProgressCount).toBe(3)
    expect(lockOf(overview, cabinLockId)).toMatchObject({
      codeCount: 0,
      problemCodeCount: 0,
      inProgressCount: 0,
      topProblems: [],
      distinctProblemCount: 0,
    })
  })

  it('names the most important problems first, with the catalogue’s titles and how many codes have each', async () => {
    const overview = await getWorkspaceOverview({ db: store.db, clock, workspaceId: home.workspace_id })
    const a = lockOf(overview, deviceAt(home, 0))
    expect(a.topProblems).toEqual([
      {
        kind: 'error',
        code: 'failed_to_set_on_device',
        title: 'Code could not be programmed',
        severity: 'critical',
        codeCount: 3,
      },
      {
        kind: 'error',
        code: 'failed_to_remove_from_device',
        title: 'Code could not be removed',
        severity: 'critical',
        codeCount: 1,
      },
      expect.objectContaining({ kind: 'warning', code: 'delay_in_setting_on_device', codeCount: 1 }),
    ])
    const b = lockOf(overview, deviceAt(home, 1))
    expect(b.topProblems.map((p) => p.code)).toEqual(['device_offline', 'third_party_integration_detected'])
    expect(b.problemCodeCount).toBe(1)

    const one = await getWorkspaceOverview(
      { db: store.db, clock, workspaceId: home.workspace_id },
      { problemsPerLock: 1 },
    )
    expect(lockOf(one, deviceAt(home, 0)).topProblems.map((p) => p.code)).toEqual(['failed_to_set_on_device'])
    expect(lockOf(one, deviceAt(home, 0)).distinctProblemCount).toBe(3)
  })

  it('reports online state and battery with the API’s battery bands', async () => {
    const overview = await getWorkspaceOverview({ db: store.db, clock, workspaceId: home.workspace_id })
    const b = lockOf(overview, deviceAt(home, 1))
    expect(b).toMatchObject({ online: false, accountConnected: true, battery: { level: 0.12, status: 'low' } })
    const a = lockOf(overview, deviceAt(home, 0))
    expect(a.online).toBe(true)
    expect(a.battery?.status).toBe('full')
    expect(overview.totals).toEqual({
      locks: 3,
      offline: 1,
      lowBattery: 1,
      codes: 10,
      problemCodes: 6,
      inProgress: 3,
      needAttention: 2,
    })
  })

  it('runs the same handful of queries for 30 locks as for 60, the problems queue included', async () => {
    let queries = 0
    const counting: KyselyPlugin = {
      transformQuery: (args) => {
        queries++
        return args.node
      },
      transformResult: async (args) => args.result,
    }
    const db = store.db.withPlugin(counting)
    const queriesFor = async (locks: number): Promise<number> => {
      const ws = await createWorkspace(store.db, clock, { name: `${locks} locks`, sandboxDevices: locks })
      for (const deviceId of ws.device_ids)
        await addCode(ws.workspace_id, deviceId, { errors: issues('error', 'failed_to_set_on_device') })
      // A third of them offline, with low batteries: the queue reads when they went offline.
      for (const deviceId of ws.device_ids.filter((_, i) => i % 3 === 0))
        await store.db
          .updateTable('devices')
          .set({ online: 0, battery_level: 0.1 })
          .where('device_id', '=', deviceId)
          .execute()
      queries = 0
      const overview = await getWorkspaceOverview({ db, clock, workspaceId: ws.workspace_id })
      expect(overview.totals).toMatchObject({ locks, codes: locks, problemCodes: locks, needAttention: locks })
      return queries
    }
    const for30 = await queriesFor(30)
    expect(await queriesFor(60)).toBe(for30)
    // Nine: the overview's own, the queue's, and the workspace's Seam connection (the queue says when Seam is in trouble).
    expect(for30).toBeLessThanOrEqual(9)
  })
})

describe('what the problems queue says about each lock', () => {
  let ranked: CreatedWorkspace
  const [fine, offline, lowBattery] = ['Alpha', 'Bravo', 'Charlie']

  beforeAll(async () => {
    ranked = await createWorkspace(store.db, clock, { name: 'Ranked', sandboxDevices: 3 })
    const names = [fine, offline, lowBattery]
    for (const [i, deviceId] of ranked.device_ids.entries())
      await store.db
        .updateTable('devices')
        .set({ display_name: names[i] ?? '' })
        .where('device_id', '=', deviceId)
        .execute()
    await store.db.updateTable('devices').set({ online: 0 }).where('device_id', '=', deviceAt(ranked, 1)).execute()
    await store.db
      .updateTable('devices')
      .set({ battery_level: 0.15 })
      .where('device_id', '=', deviceAt(ranked, 2))
      .execute()
    for (const deviceId of ranked.device_ids) await addCode(ranked.workspace_id, deviceId)
  })

  const ctx = () => ({ db: store.db, clock, workspaceId: ranked.workspace_id })

  it('gives each lock its most urgent problem and how many it has, as /problems/list lists them', async () => {
    const overview = await getWorkspaceOverview(ctx())
    for (const deviceId of ranked.device_ids) {
      const queue = await listProblems(ctx(), listProblemsInput.parse({ device_id: deviceId }))
      const top = queue.problems[0]
      expect(lockOf(overview, deviceId).attention).toEqual(
        top === undefined ? null : { severity: top.severity, title: top.title, count: queue.counts.total },
      )
    }
    expect(lockOf(overview, deviceAt(ranked, 0)).attention).toBeNull()
    expect(lockOf(overview, deviceAt(ranked, 1)).attention).toMatchObject({ severity: 'critical', count: 1 })
    expect(lockOf(overview, deviceAt(ranked, 2)).attention).toMatchObject({ severity: 'problem', count: 1 })
    expect(overview.totals.needAttention).toBe(2)
  })

  it('puts the locks that need attention first, the most urgent first, then the others by name', async () => {
    const overview = await getWorkspaceOverview(ctx())
    expect(overview.properties[0]?.locks.map((l) => l.name)).toEqual([offline, lowBattery, fine])
  })
})

describe('compareLocks', () => {
  const lock = (name: string, attention: LockOverview['attention']): LockOverview => ({
    deviceId: name,
    propertyId: 'p',
    name,
    manufacturer: 'm',
    modelName: 'x',
    online: true,
    accountConnected: true,
    battery: null,
    codeCount: 0,
    problemCodeCount: 0,
    inProgressCount: 0,
    topProblems: [],
    distinctProblemCount: 0,
    attention,
  })

  it('ranks by the most urgent problem, then by how many, then by name (numbers in order)', () => {
    const sorted = [
      lock('Unit 10', null),
      lock('Unit 9', null),
      lock('Notice', { severity: 'notice', title: 'n', count: 5 }),
      lock('One critical', { severity: 'critical', title: 'c', count: 1 }),
      lock('Three problems', { severity: 'problem', title: 'p', count: 3 }),
      lock('Two critical', { severity: 'critical', title: 'c', count: 2 }),
    ].sort(compareLocks)
    expect(sorted.map((l) => l.name)).toEqual([
      'Two critical',
      'One critical',
      'Three problems',
      'Notice',
      'Unit 9',
      'Unit 10',
    ])
  })
})

describe('compareProblems', () => {
  const problem = (over: Partial<Parameters<typeof compareProblems>[0]>) => ({
    kind: 'error' as const,
    code: 'x',
    title: 'X',
    severity: 'problem' as const,
    codeCount: 1,
    ...over,
  })

  it('puts critical before problem before notice, then errors before warnings, then the more widespread first', () => {
    const sorted = [
      problem({ title: 'notice', severity: 'notice' }),
      problem({ title: 'warning', kind: 'warning' }),
      problem({ title: 'wide', codeCount: 5 }),
      problem({ title: 'critical', severity: 'critical' }),
      problem({ title: 'narrow' }),
    ].sort(compareProblems)
    expect(sorted.map((p) => p.title)).toEqual(['critical', 'wide', 'narrow', 'warning', 'notice'])
  })
})
