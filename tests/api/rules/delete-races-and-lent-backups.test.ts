// /access_codes/delete: two deletes of one code at once record one deletion, and a code that holds a backup from its
// lock's pool takes the backup with it, the pool filling the place again (not on a removed lock).
import { isSeamHttpApiError } from 'seam'
import { beforeAll, describe, expect, it } from 'vitest'
import { deleteAccessCode } from '@/lib/access-codes/delete-access-code'
import { DomainError } from '@/lib/errors/domain-error'
import type { Reconciler } from '@/lib/sync/reconciler'
import {
  clock,
  create,
  expectError,
  expectOk,
  get,
  inHours,
  store,
  workspaceWith,
  type Workspace,
  sandboxReconciler,
} from '@/tests/support/rules-api'

type Ws = Workspace<readonly string[]>

let reconciler: Reconciler

beforeAll(() => {
  reconciler = sandboxReconciler()
})

const eventTypesOf = async (ws: Ws, accessCodeId: string): Promise<string[]> =>
  (
    expectOk(await ws.call('/events/list', { access_code_id: accessCodeId, since: '2000-01-01T00:00:00Z' })).events ??
    []
  )
    .map((e) => e.event_type)
    .sort()

describe('two deletes of one code at once', () => {
  it('one deletes it; the other is access_code_not_found, and the deletion is recorded once', async () => {
    const ws = await workspaceWith('august')
    const code = await create(ws, { device_id: ws.devices[0], code: '4821' })
    const ctx = { db: store.db, clock, workspaceId: ws.workspaceId }
    // Both start in the same tick (called directly: over HTTP they would reach the server apart).
    const results = await Promise.allSettled([
      deleteAccessCode(ctx, { access_code_id: code.access_code_id }),
      deleteAccessCode(ctx, { access_code_id: code.access_code_id }),
    ])
    expect(
      results
        .map((r) => (r.status === 'fulfilled' ? 'deleted' : r.reason instanceof DomainError && r.reason.type))
        .sort(),
    ).toEqual(['access_code_not_found', 'deleted'])
    const refused = results.find((r) => r.status === 'rejected')
    expect(refused?.status === 'rejected' && String(refused.reason)).toBe(
      `DomainError: Access code ${code.access_code_id} was not found.`,
    )
    expect(await eventTypesOf(ws, code.access_code_id)).toEqual(['access_code.created', 'access_code.deleted'])
    const attempts = await store.db
      .selectFrom('action_attempts')
      .select('action_type')
      .where('workspace_id', '=', ws.workspaceId)
      .where('action_type', '=', 'DELETE_ACCESS_CODE')
      .execute()
    expect(attempts).toHaveLength(1)

    // Afterwards, over HTTP and through the SDK: 404.
    expectError(
      await ws.call('/access_codes/delete', { access_code_id: code.access_code_id }),
      404,
      'access_code_not_found',
    )
    const viaSdk: unknown = await ws.seam.accessCodes
      .delete({ access_code_id: code.access_code_id })
      .catch((e: unknown) => e)
    expect(isSeamHttpApiError(viaSdk) && [viaSdk.statusCode, viaSdk.code]).toEqual([404, 'access_code_not_found'])
  })
})

describe('a code holding a backup from the pool', () => {
  const smallPool = { provider: 'august', label: 'Front door', backupPoolSize: 2 }
  const stay = { use_backup_access_code_pool: true, starts_at: inHours(1), ends_at: inHours(48) }

  /** Two codes holding the pool's two backups, and a third code for which none is left. */
  async function poolLentOut(ws: Ws) {
    const lock = ws.devices[0]
    const holders = [await create(ws, { device_id: lock, ...stay }), await create(ws, { device_id: lock, ...stay })]
    const backups = []
    for (const holder of holders)
      backups.push(
        expectOk(await ws.call('/access_codes/pull_backup_access_code', { access_code_id: holder.access_code_id }))
          .backup_access_code,
      )
    const waiting = await create(ws, { device_id: lock, ...stay })
    expect((await get(ws, waiting.access_code_id)).is_backup_access_code_available).toBe(false)
    return { holders, backups, waiting }
  }

  it('takes its backup with it, and a new backup takes the place at once, which the lock side programs', async () => {
    const ws = await workspaceWith(smallPool)
    const { holders, backups, waiting } = await poolLentOut(ws)
    await reconciler.runUntilIdle()

    expectOk(await ws.call('/access_codes/delete', { access_code_id: holders[0]?.access_code_id }))
    expectError(
      await ws.call('/access_codes/get', { access_code_id: backups[0]?.access_code_id }),
      404,
      'access_code_not_found',
    )
    expect((await get(ws, backups[1]?.access_code_id ?? '')).access_code_id).toBe(backups[1]?.access_code_id)
    expect((await get(ws, waiting.access_code_id)).is_backup_access_code_available).toBe(true)

    await reconciler.runUntilIdle()
    const fresh = expectOk(
      await ws.call('/access_codes/pull_backup_access_code', { access_code_id: waiting.access_code_id }),
    ).backup_access_code
    expect(fresh?.access_code_id).not.toBe(backups[0]?.access_code_id)
    // Made before the pull (the pull only hands it out): already on the keypad.
    expect(fresh?.status).toBe('set')
  })

  it('on a removed lock: the backup goes, and no new one is made', async () => {
    const ws = await workspaceWith(smallPool)
    const { holders, backups } = await poolLentOut(ws)
    await ws.seam.devices.simulate.remove({ device_id: ws.devices[0] })

    expectOk(await ws.call('/access_codes/delete', { access_code_id: holders[0]?.access_code_id }))
    expectError(
      await ws.call('/access_codes/get', { access_code_id: backups[0]?.access_code_id }),
      404,
      'access_code_not_found',
    )
    // The pool's only live backup is the one still lent out: none was added for the freed place.
    const liveBackups = await store.db
      .selectFrom('access_codes')
      .select('access_code_id')
      .where('device_id', '=', ws.devices[0])
      .where('is_backup', '=', 1)
      .where('deleted_at', 'is', null)
      .execute()
    expect(liveBackups.map((b) => b.access_code_id)).toEqual([backups[1]?.access_code_id])
  })
})
