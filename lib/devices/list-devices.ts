import 'server-only'
import type { ServiceContext } from '@/lib/context'
import { toDeviceObject } from '@/lib/devices/device-object'
import { selectDevices, toDeviceRecord, type DeviceRecord } from '@/lib/db/device-record'
import { loadDevice } from '@/lib/devices/load-device'
import { activeFaultsOf } from '@/lib/devices/simulate-fault'
import { emptyPage, pageAfter } from '@/lib/pagination'
import type { Device, ListDevicesInput, ListDevicesResponse } from '@/lib/schemas/device'
import { DomainError } from '@/lib/errors/domain-error'

export async function listDevices(ctx: ServiceContext, input: ListDevicesInput): Promise<ListDevicesResponse> {
  // Latchkey has no customers, user identities or webviews, and devices carry no custom metadata yet:
  // those filters match nothing (rather than being silently ignored).
  const hasMetadataFilter = input.custom_metadata_has !== undefined && Object.keys(input.custom_metadata_has).length > 0
  if (input.customer_key || input.user_identifier_key || input.connect_webview_id || hasMetadataFilter) {
    return { devices: [], pagination: emptyPage }
  }
  let query = selectDevices(ctx.db).where('devices.workspace_id', '=', ctx.workspaceId)
  // An empty list names no device (and `in ()` is a syntax error on PostgreSQL).
  if (input.device_ids)
    query = query.where('devices.device_id', 'in', input.device_ids.length > 0 ? input.device_ids : [''])
  const types = [...(input.device_type ? [input.device_type] : []), ...(input.device_types ?? [])]
  if (types.length > 0) query = query.where('devices.device_type', 'in', types)
  if (input.manufacturer) query = query.where('devices.manufacturer', '=', input.manufacturer)
  const accounts = [
    ...(input.connected_account_id ? [input.connected_account_id] : []),
    ...(input.connected_account_ids ?? []),
  ]
  if (accounts.length > 0) query = query.where('devices.connected_account_id', 'in', accounts)
  if (input.space_id) query = query.where('devices.property_id', '=', input.space_id)
  if (input.created_before) query = query.where('devices.created_at', '<', input.created_before)
  if (input.search) {
    const pattern = `%${input.search.replace(/[%_\\]/g, (c) => `\\${c}`)}%`
    query = query.where((eb) =>
      eb.or([
        eb('devices.display_name', 'like', pattern),
        eb('devices.device_id', 'like', pattern),
        eb('properties.name', 'like', pattern),
      ]),
    )
  }
  const { items, pagination } = await pageAfter(
    query,
    { createdAt: 'devices.created_at', id: 'devices.device_id' },
    input.limit,
    input.page_cursor || undefined,
    (r) => ({ createdAt: r.created_at, id: r.device_id }),
  )
  const devices = items.map(toDeviceRecord)
  return { devices: await toDeviceObjects(ctx, devices), pagination }
}

/** The devices in Seam's shape, with the faults of the sandbox ones read in one query. */
async function toDeviceObjects(ctx: ServiceContext, devices: readonly DeviceRecord[]): Promise<Device[]> {
  const faults = await activeFaultsOf(
    ctx.db,
    devices.filter((d) => d.isSandbox).map((d) => d.deviceId),
  )
  return devices.map((d) => toDeviceObject(d, faults.get(d.deviceId)))
}

export async function getDevice(
  ctx: ServiceContext,
  input: { device_id?: string | undefined; name?: string | undefined },
): Promise<Device> {
  if (input.device_id !== undefined) return deviceObjectOf(ctx, await loadDevice(ctx, input.device_id))
  const row = await selectDevices(ctx.db)
    .where('devices.workspace_id', '=', ctx.workspaceId)
    .where('devices.display_name', '=', input.name ?? '')
    .orderBy('devices.created_at')
    .executeTakeFirst()
  if (row === undefined) throw new DomainError('device_not_found', `No device is named "${input.name ?? ''}".`)
  return deviceObjectOf(ctx, toDeviceRecord(row))
}

/** One device in Seam's shape, with its sandbox faults when it is a sandbox lock. */
export async function deviceObjectOf(ctx: ServiceContext, device: DeviceRecord): Promise<Device> {
  const faults = device.isSandbox ? await activeFaultsOf(ctx.db, [device.deviceId]) : undefined
  return toDeviceObject(device, faults?.get(device.deviceId))
}
