import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { pullBackupAccessCode, topUpBackupPool } from '@/lib/access-codes/backup-pool'
import { createAccessCode } from '@/lib/access-codes/create-access-code'
import type { ServiceContext } from '@/lib/context'
import type { Store } from '@/lib/db/connection'
import type { DeviceRecord } from '@/lib/db/device-record'
import { loadDevice } from '@/lib/devices/load-device'
import { DomainError } from '@/lib/errors/domain-error'
import { ManualClock } from '@/lib/time/clock'
import { createWorkspace } from '@/lib/workspaces/create-workspace'
import { openTestStore } from '@/tests/support/test-store'

// The backup pool as a property manager sees it, against the real store: the backups a lock keeps, which one a guest's
// code gets, what it is called, and what a refused pull says. The HTTP side is in tests/api/rules/backup-pool*.

let store: Store
let ctx: ServiceContext
let august: DeviceRecord // sandbox profile 0: a pool of five
const clock = new ManualClock('2030-05-01T12:00:00.000Z')
const at = (hours: number): string => new Date(clock.now().getTime() + hours * 3_600_000).toISOString()

beforeAll(async () => {
  store = await openTestStore()
})
afterAll(async () => {
  await store.close()
})
// A workspace and lock of its own for every test.
beforeEach(async () => {
  const workspace = await createWorkspace(store.db, clock, { name: 'Backup pool', sandboxDevices: 1 })
  ctx = { db: store.db, clock, workspaceId: workspace.workspace_id }
  august = await loadDevice(ctx, workspace.device_ids[0] ?? '')
})

const createPooled = async (name?: string): Promise<string> =>
  (
    await createAccessCode(ctx, {
      device_id: august.deviceId,
      ...(name === undefined ? {} : { name }),
      starts_at: at(1),
      ends_at: at(48),
      use_backup_access_code_pool: true,
    })
  ).access_code.access_code_id

const backups = () =>
  store.db
    .selectFrom('access_codes')
    .select(['access_code_id', 'name', 'pulled_for_access_code_id', 'starts_at', 'ends_at'])
    .where('device_id', '=', august.deviceId)
    .where('is_backup', '=', 1)
    .where('deleted_at', 'is', null)
    .orderBy('created_at')
    .orderBy('access_code_id')
    .execute()

async function refusal(run: () => Promise<unknown>): Promise<DomainError> {
  try {
    await run()
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError)
    return error as DomainError
  }
  throw new Error('expected a DomainError')
}

describe('topUpBackupPool', () => {
  it('the first code asking for the pool fills it: Backup code 1…5, all free', async () => {
    await createPooled('Guest')
    const pool = await backups()
    expect(pool.map((b) => b.name)).toEqual([
      'Backup code 1',
      'Backup code 2',
      'Backup code 3',
      'Backup code 4',
      'Backup code 5',
    ])
    expect(pool.every((b) => b.pulled_for_access_code_id === null)).toBe(true)
  })

  it('a lock without a pool, or with an empty one, gets no backups and has none free', async () => {
    const now = clock.now()
    expect(await topUpBackupPool(store.db, { ...august, supportsBackupPool: false }, ctx.workspaceId, now)).toBe(false)
    expect(await topUpBackupPool(store.db, { ...august, backupPoolSize: 0 }, ctx.workspaceId, now)).toBe(false)
    expect(await backups()).toEqual([])
  })

  it('a full pool gets no more; one with every backup lent out has none free', async () => {
    const now = clock.now()
    expect(await topUpBackupPool(store.db, august, ctx.workspaceId, now)).toBe(true)
    expect(await topUpBackupPool(store.db, august, ctx.workspaceId, now)).toBe(true)
    expect(await backups()).toHaveLength(5)
    for (let i = 0; i < 5; i++) await pullBackupAccessCode(ctx, await createPooled(`Guest ${i}`))
    expect(await topUpBackupPool(store.db, august, ctx.workspaceId, now)).toBe(false)
    expect(await backups()).toHaveLength(5)
  })
})

describe('pullBackupAccessCode', () => {
  it('hands the code the oldest free backup, renamed for it and with its window, and records the pull', async () => {
    const guest = await createPooled('Guest')
    const backup = await pullBackupAccessCode(ctx, guest)
    const pool = await backups()
    expect(backup.access_code_id).toBe(pool[0]?.access_code_id)
    expect(backup).toMatchObject({ name: 'Backup for Guest', is_backup: true, starts_at: at(1), ends_at: at(48) })
    expect(pool[0]?.pulled_for_access_code_id).toBe(guest)
    const code = await store.db
      .selectFrom('access_codes')
      .select('pulled_backup_access_code_id')
      .where('access_code_id', '=', guest)
      .executeTakeFirstOrThrow()
    expect(code.pulled_backup_access_code_id).toBe(backup.access_code_id)
    const events = await store.db
      .selectFrom('events')
      .select(['event_type', 'payload', 'device_id'])
      .where('access_code_id', '=', guest)
      .where('event_type', '=', 'access_code.backup_access_code_pulled')
      .execute()
    expect(events).toHaveLength(1)
    expect(events[0]?.device_id).toBe(august.deviceId)
    expect(JSON.parse(events[0]?.payload ?? '{}')).toMatchObject({ backup_access_code_id: backup.access_code_id })
    // The same code gets the same backup again, without a second pull.
    expect((await pullBackupAccessCode(ctx, guest)).access_code_id).toBe(backup.access_code_id)
    expect(
      await store.db
        .selectFrom('events')
        .select('event_id')
        .where('workspace_id', '=', ctx.workspaceId)
        .where('event_type', '=', 'access_code.backup_access_code_pulled')
        .execute(),
    ).toHaveLength(1)
  })

  it('a backup for an unnamed code says so', async () => {
    expect((await pullBackupAccessCode(ctx, await createPooled())).name).toBe('Backup for unnamed code')
  })

  it('refuses a code created without the pool', async () => {
    const plain = await createAccessCode(ctx, { device_id: august.deviceId, starts_at: at(1), ends_at: at(48) })
    const error = await refusal(() => pullBackupAccessCode(ctx, plain.access_code.access_code_id))
    expect(error.type).toBe('backup_access_code_pool_not_enabled')
    expect(error.message).toBe('This access code was not created with use_backup_access_code_pool: true.')
  })

  it('every backup lent out: empty_backup_access_code_pool, naming the lock', async () => {
    for (let i = 0; i < 5; i++) await pullBackupAccessCode(ctx, await createPooled(`Guest ${i}`))
    const sixth = await createPooled('Guest 5')
    const error = await refusal(() => pullBackupAccessCode(ctx, sixth))
    expect(error.type).toBe('empty_backup_access_code_pool')
    expect(error.message).toBe(`The backup access code pool of ${august.displayName} has no backup left to hand out.`)
  })

  it('a lent backup whose stay has ended gives its place to a new one, which the next code gets', async () => {
    for (let i = 0; i < 5; i++) await pullBackupAccessCode(ctx, await createPooled(`Guest ${i}`))
    clock.advance(49 * 3_600_000)
    const late = await createPooled('Late guest')
    const backup = await pullBackupAccessCode(ctx, late)
    expect(backup.name).toBe('Backup for Late guest')
    const pool = await backups()
    expect(pool).toHaveLength(10)
    // The five ended stays hold no place any more: the pool is numbered afresh.
    expect(pool.slice(5).map((b) => b.name)).toEqual([
      'Backup for Late guest',
      'Backup code 2',
      'Backup code 3',
      'Backup code 4',
      'Backup code 5',
    ])
  })
})
