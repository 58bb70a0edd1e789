import type { Kysely } from 'kysely'
import type { ServiceContext } from '@/lib/context'
import type { Store } from '@/lib/db/connection'
import type { Database } from '@/lib/db/schema'
import { createProviderResolver } from '@/lib/locks/providers'
import { sandboxLockProfiles } from '@/lib/locks/sandbox-profiles'
import { Reconciler } from '@/lib/sync/reconciler'
import { requestSync } from '@/lib/sync/sync-jobs'
import type { ReconcilerSettings } from '@/lib/sync/reconcile-env'
import { ManualClock } from '@/lib/time/clock'
import { createWorkspace, type CreatedWorkspace } from '@/lib/workspaces/create-workspace'
import { openTestStore } from '@/tests/support/test-store'

export interface LockHarness {
  store: Store
  db: Kysely<Database>
  clock: ManualClock
  workspace: CreatedWorkspace
  ctx: ServiceContext
  /** A reconciler on the manual clock whose sandbox locks answer at once. */
  reconciler: Reconciler
  /** Builds a new reconciler on the same store, as a restarted process would. */
  restart(): Reconciler
  /** Runs every pass that is due now. */
  settle(): Promise<void>
  /** Moves the clock and runs what became due. */
  advance(ms: number): Promise<void>
  /**
   * The workspace's lock of that brand (devices cycle through lib/locks/sandbox-profiles.ts in order; open the
   * harness with `devices: sandboxLockProfiles.length` to have every brand).
   */
  deviceOf(provider: string): string
  /**
   * Gives the lock a fault of lib/locks/sandbox-faults.ts, as /devices/simulate/fault stores it: for `operations`
   * lock operations, or until cleared (null). Marks the lock due.
   */
  injectFault(deviceId: string, fault: string, operations: number | null): Promise<void>
  /** The lock behaves again: its faults are gone and its switched-off keypad entries are on. Marks the lock due. */
  clearFaults(deviceId: string): Promise<void>
  close(): Promise<void>
}

export async function openLockHarness(
  options: { devices?: number; start?: string; settings?: Partial<ReconcilerSettings> } = {},
): Promise<LockHarness> {
  const store = await openTestStore()
  const clock = new ManualClock(options.start ?? '2026-03-02T12:00:00.000Z')
  const workspace = await createWorkspace(store.db, clock, { name: 'Lock side', sandboxDevices: options.devices ?? 8 })
  const make = (): Reconciler =>
    new Reconciler({
      db: store.db,
      engine: store.engine,
      clock,
      providerFor: createProviderResolver({ db: store.db, clock, sandboxLatencyScale: 0 }),
      settings: options.settings ?? {},
      log: () => undefined,
    })
  const harness: LockHarness = {
    store,
    db: store.db,
    clock,
    workspace,
    ctx: { db: store.db, clock, workspaceId: workspace.workspace_id },
    reconciler: make(),
    restart() {
      harness.reconciler = make()
      return harness.reconciler
    },
    settle: () => harness.reconciler.runUntilIdle(),
    async advance(ms) {
      clock.advance(ms)
      await harness.reconciler.runUntilIdle()
    },
    deviceOf(provider) {
      const index = sandboxLockProfiles.findIndex((p) => p.provider === provider)
      const id = workspace.device_ids[index]
      if (id === undefined) throw new Error(`the harness has no ${provider} lock`)
      return id
    },
    async injectFault(deviceId, fault, operations) {
      const now = clock.now()
      await store.db
        .insertInto('sandbox_faults')
        .values({ device_id: deviceId, fault, operations_left: operations, created_at: now.toISOString() })
        .onConflict((oc) => oc.columns(['device_id', 'fault']).doUpdateSet({ operations_left: operations }))
        .execute()
      await requestSync(store.db, [deviceId], now)
    },
    async clearFaults(deviceId) {
      await store.db.deleteFrom('sandbox_faults').where('device_id', '=', deviceId).execute()
      await store.db
        .updateTable('sandbox_keypad_codes')
        .set({ disabled: 0 })
        .where('device_id', '=', deviceId)
        .execute()
      await requestSync(store.db, [deviceId], clock.now())
    },
    close: () => store.close(),
  }
  return harness
}

/** A lock's list version: cached code lists key on it (a pass that changes nothing must leave it). */
export const listVersionOf = async (db: LockHarness['db'], deviceId: string): Promise<number> =>
  Number(
    (
      await db
        .selectFrom('devices')
        .select('access_codes_version')
        .where('device_id', '=', deviceId)
        .executeTakeFirstOrThrow()
    ).access_codes_version,
  )
