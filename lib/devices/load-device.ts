import 'server-only'
import type { ServiceContext } from '@/lib/context'
import { selectDevices, selectDevicesIncludingRemoved, toDeviceRecord, type DeviceRecord } from '@/lib/db/device-record'
import { prepared } from '@/lib/db/prepared'
import { DomainError } from '@/lib/errors/domain-error'

const deviceInWorkspace = prepared((db, p: { deviceId: string; workspaceId: string }) =>
  selectDevices(db).where('devices.device_id', '=', p.deviceId).where('devices.workspace_id', '=', p.workspaceId),
)

const devicesInWorkspace = prepared((db, p: { deviceIds: string[]; workspaceId: string }) =>
  selectDevices(db).where('devices.device_id', 'in', p.deviceIds).where('devices.workspace_id', '=', p.workspaceId),
)

/** The caller's device, or `device_not_found` — also for another workspace's device. */
export async function loadDevice(ctx: ServiceContext, deviceId: string): Promise<DeviceRecord> {
  const [row] = (await deviceInWorkspace(ctx.db, { deviceId, workspaceId: ctx.workspaceId })).rows
  if (row === undefined) throw new DomainError('device_not_found', `Device ${deviceId} was not found.`)
  return toDeviceRecord(row)
}

/**
 * The lock of one of the caller's codes, also when it was removed from its account: its codes are still listed (with
 * device_removed), so they can still be opened and deleted.
 */
export async function loadDeviceOfCode(ctx: ServiceContext, deviceId: string): Promise<DeviceRecord> {
  const row = await selectDevicesIncludingRemoved(ctx.db)
    .where('devices.device_id', '=', deviceId)
    .where('devices.workspace_id', '=', ctx.workspaceId)
    .executeTakeFirst()
  if (row === undefined) throw new DomainError('device_not_found', `Device ${deviceId} was not found.`)
  return toDeviceRecord(row)
}

export async function loadDevices(ctx: ServiceContext, deviceIds: readonly string[]): Promise<DeviceRecord[]> {
  const { rows } = await devicesInWorkspace(ctx.db, { deviceIds: [...deviceIds], workspaceId: ctx.workspaceId })
  const byId = new Map(rows.map((r) => [r.device_id, toDeviceRecord(r)]))
  const missing = deviceIds.filter((id) => !byId.has(id))
  if (missing.length > 0) {
    throw new DomainError(
      'device_not_found',
      `Device${missing.length > 1 ? 's' : ''} ${missing.join(', ')} ${missing.length > 1 ? 'were' : 'was'} not found.`,
      {
        device_ids: missing,
      },
    )
  }
  return deviceIds.map((id) => byId.get(id)).filter((d): d is DeviceRecord => d !== undefined)
}
