import type { Kysely } from 'kysely'
import type { ServiceContext } from '@/lib/context'
import type { Store } from '@/lib/db/connection'
import type { Database } from '@/lib/db/schema'
import { createProviderResolver } from '@/lib/locks/providers'
import { Reconciler } from '@/lib/sync/reconciler'
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
    close: () => store.close(),
  }
  return harness
}
