import 'server-only'
import { DomainError } from '@/lib/errors/domain-error'
import { selectOwned, type ServiceContext } from '@/lib/context'
import { inTransaction } from '@/lib/db/transaction'
import { type DeviceRecord } from '@/lib/db/device-record'
import { loadDevice } from '@/lib/devices/load-device'
import { recordEvent } from '@/lib/events/record-event'
import { requestSync } from '@/lib/sync/sync-jobs'

/**
 * Seam-style simulations on sandbox locks, so support staff and tests can reproduce what real locks do: go offline,
 * go away, refuse operations, lose their account. Each one asks the lock side to look at the device at once, the way
 * a provider's webhook would. What happens on a keypad is in simulate-keypad.ts.
 */

/**
 * Simulations run only in a sandbox workspace (every workspace the demo and `workspace create` make is one): in a
 * workspace with real locks they would let anyone who can call them cut a lock off or change its keypad's story.
 */
export async function assertSandboxWorkspace(ctx: ServiceContext): Promise<void> {
  const workspace = await ctx.db
    .selectFrom('workspaces')
    .select('is_sandbox')
    .where('workspace_id', '=', ctx.workspaceId)
    .executeTakeFirst()
  if (workspace?.is_sandbox !== 1)
    throw new DomainError('not_a_sandbox_workspace', 'This is not a sandbox workspace: simulations only run in one.')
}

/** `not_a_sandbox_device` when the lock is a real one. */
export function assertSandboxDevice(device: DeviceRecord): void {
  if (!device.isSandbox)
    throw new DomainError(
      'not_a_sandbox_device',
      `${device.displayName} is a real lock: simulations only run on sandbox locks.`,
    )
}

/** The caller's device, when both it and the workspace are sandbox ones. */
export async function loadSandboxDevice(ctx: ServiceContext, deviceId: string): Promise<DeviceRecord> {
  await assertSandboxWorkspace(ctx)
  const device = await loadDevice(ctx, deviceId)
  assertSandboxDevice(device)
  return device
}

async function setOnline(ctx: ServiceContext, deviceId: string, online: boolean): Promise<void> {
  const device = await loadSandboxDevice(ctx, deviceId)
  const now = ctx.clock.now()
  await inTransaction(ctx.db, async (trx) => {
    await trx
      .updateTable('devices')
      .set({ online: online ? 1 : 0 })
      .where('device_id', '=', device.deviceId)
      .execute()
    if (device.online !== online) {
      await recordEvent(trx, ctx.clock, {
        workspaceId: ctx.workspaceId,
        eventType: online ? 'device.connected' : 'device.disconnected',
        deviceId: device.deviceId,
        connectedAccountId: device.connectedAccountId,
        // Seam's device.disconnected names the cause.
        ...(online ? {} : { payload: { error_code: 'device_disconnected' } }),
      })
    }
    await requestSync(trx, [device.deviceId], now)
  })
}

export const simulateDisconnect = (ctx: ServiceContext, deviceId: string): Promise<void> =>
  setOnline(ctx, deviceId, false)
export const simulateConnect = (ctx: ServiceContext, deviceId: string): Promise<void> => setOnline(ctx, deviceId, true)

export async function simulateRemove(ctx: ServiceContext, deviceId: string): Promise<void> {
  const device = await loadSandboxDevice(ctx, deviceId)
  const now = ctx.clock.now()
  await inTransaction(ctx.db, async (trx) => {
    await trx
      .updateTable('devices')
      .set({ removed_at: now.toISOString() })
      .where('device_id', '=', device.deviceId)
      .execute()
    await recordEvent(trx, ctx.clock, {
      workspaceId: ctx.workspaceId,
      eventType: 'device.removed',
      deviceId: device.deviceId,
      connectedAccountId: device.connectedAccountId,
    })
    await requestSync(trx, [device.deviceId], now)
  })
}

/** Makes the lock refuse its next N programming and/or removal requests. */
export async function simulateFailNextOperations(
  ctx: ServiceContext,
  input: { device_id: string; set?: number | undefined; remove?: number | undefined },
): Promise<void> {
  const device = await loadSandboxDevice(ctx, input.device_id)
  const existing = await ctx.db
    .selectFrom('sandbox_lock_faults')
    .selectAll()
    .where('device_id', '=', device.deviceId)
    .executeTakeFirst()
  const faults = {
    fail_next_set: input.set ?? existing?.fail_next_set ?? 0,
    fail_next_remove: input.remove ?? existing?.fail_next_remove ?? 0,
  }
  await ctx.db
    .insertInto('sandbox_lock_faults')
    .values({ device_id: device.deviceId, ...faults })
    .onConflict((oc) => oc.column('device_id').doUpdateSet(faults))
    .execute()
}

/** The lock maker's account stops (or starts again) answering: its locks' codes become `unknown`. */
export async function simulateAccountConnection(
  ctx: ServiceContext,
  connectedAccountId: string,
  connected: boolean,
): Promise<void> {
  const account = await selectOwned(ctx, 'connected_accounts')
    .where('connected_account_id', '=', connectedAccountId)
    .executeTakeFirst()
  if (account === undefined)
    throw new DomainError('connected_account_not_found', `Connected account ${connectedAccountId} was not found.`)
  await assertSandboxWorkspace(ctx)
  // An account has no sandbox flag of its own: one that holds a real lock is a real maker's account.
  const realLock = await ctx.db
    .selectFrom('devices')
    .select('display_name')
    .where('connected_account_id', '=', connectedAccountId)
    .where('is_sandbox', '=', 0)
    .executeTakeFirst()
  if (realLock !== undefined)
    throw new DomainError(
      'not_a_sandbox_account',
      `This account holds a real lock (${realLock.display_name}): simulations only run on sandbox accounts.`,
    )
  const now = ctx.clock.now()
  await inTransaction(ctx.db, async (trx) => {
    await trx
      .updateTable('connected_accounts')
      .set({ is_connected: connected ? 1 : 0 })
      .where('connected_account_id', '=', connectedAccountId)
      .execute()
    if ((account.is_connected === 1) !== connected) {
      await recordEvent(trx, ctx.clock, {
        workspaceId: ctx.workspaceId,
        eventType: connected ? 'connected_account.connected' : 'connected_account.disconnected',
        connectedAccountId,
        // Seam's connected_account.disconnected carries the account's errors.
        ...(connected
          ? {}
          : {
              payload: {
                connected_account_errors: [
                  {
                    error_code: 'account_disconnected',
                    message: 'Account is disconnected.',
                    is_connected_account_error: true,
                    created_at: now.toISOString(),
                  },
                ],
              },
            }),
      })
    }
    const devices = await trx
      .selectFrom('devices')
      .select('device_id')
      .where('connected_account_id', '=', connectedAccountId)
      .execute()
    await requestSync(
      trx,
      devices.map((d) => d.device_id),
      now,
    )
  })
}
