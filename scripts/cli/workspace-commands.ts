// CLI commands for workspaces, their properties and their sandbox devices.
import { addSandboxDevice } from '@/lib/devices/add-sandbox-device'
import { selectDevices, toDeviceRecord, type DeviceRecord } from '@/lib/db/device-record'
import { profileFor, sandboxLockProfiles } from '@/lib/locks/sandbox-profiles'
import { createProperty, createWorkspace } from '@/lib/workspaces/create-workspace'
import { findProperty, listProperties } from '@/lib/workspaces/list-properties'
import { listWorkspaces } from '@/lib/workspaces/list-workspaces'
import {
  CommandError,
  countOption,
  jsonOption,
  optionalText,
  printTable,
  requiredText,
  timeZoneOption,
  workspaceOption,
  type CliContext,
  type Command,
} from '@/scripts/cli/command'

const DEFAULT_TIMEZONE = 'America/New_York'
const MAX_SANDBOX_DEVICES = 10_000
const brandList = sandboxLockProfiles.map((p) => p.provider).join(', ')

export const workspaceCreate: Command = {
  summary: 'create a workspace with a property, an API key and N sandbox locks of varied brands',
  options: {
    name: { type: 'string', required: true, placeholder: 'NAME', description: 'workspace name' },
    'sandbox-devices': { type: 'string', placeholder: 'N', description: 'sandbox locks to add (default 0)' },
    property: {
      type: 'string',
      placeholder: 'NAME',
      description: 'name of the first property (default "NAME property")',
    },
    timezone: {
      type: 'string',
      placeholder: 'IANA',
      description: `the property's time zone (default ${DEFAULT_TIMEZONE})`,
    },
    json: jsonOption,
  },
  async run(ctx) {
    const name = requiredText(ctx.values, 'name')
    const sandboxDevices = countOption(ctx.values, 'sandbox-devices', MAX_SANDBOX_DEVICES) ?? 0
    const timezone = timeZoneOption(ctx.values) ?? DEFAULT_TIMEZONE
    const propertyName = optionalText(ctx.values, 'property')
    const created = await createWorkspace(ctx.db, ctx.clock, { name, sandboxDevices, propertyName, timezone })
    if (ctx.json) {
      const { workspace_id, api_key, device_ids, property_id } = created
      ctx.out(JSON.stringify({ workspace_id, api_key, device_ids, property_id }))
      return
    }
    ctx.out(`Created workspace "${name}" (${created.workspace_id})`)
    ctx.out(`  property  ${propertyName ?? `${name} property`} (${created.property_id}), time zone ${timezone}`)
    ctx.out(`  API key   ${created.api_key}`)
    ctx.out('The API key is shown only now: store it somewhere safe.')
    if (created.device_ids.length === 0) return
    ctx.out('')
    const devices = await selectDevices(ctx.db)
      .where('devices.workspace_id', '=', created.workspace_id)
      .orderBy('devices.created_at')
      .orderBy('devices.device_id')
      .execute()
    printDevices(ctx, devices.map(toDeviceRecord))
  },
}

export const workspaceList: Command = {
  summary: 'list workspaces with their numbers of properties, devices and active API keys',
  options: { json: jsonOption },
  async run(ctx) {
    const workspaces = await listWorkspaces(ctx.db)
    if (ctx.json) return ctx.out(JSON.stringify(workspaces))
    if (workspaces.length === 0) return ctx.out('No workspaces yet. Create one with: workspace create --name NAME')
    printTable(
      ctx,
      ['WORKSPACE ID', 'NAME', 'PROPERTIES', 'DEVICES', 'ACTIVE KEYS', 'CREATED'],
      workspaces.map((w) => [
        w.workspace_id,
        w.name,
        String(w.property_count),
        String(w.device_count),
        String(w.active_api_key_count),
        w.created_at,
      ]),
    )
  },
}

export const propertyCreate: Command = {
  summary: 'add a property (a building, a unit, a cabin) with its IANA time zone',
  options: {
    workspace: { type: 'string', required: true, placeholder: 'ID', description: 'workspace id' },
    name: { type: 'string', required: true, placeholder: 'NAME', description: 'property name' },
    timezone: { type: 'string', required: true, placeholder: 'IANA', description: 'time zone, e.g. America/Denver' },
    json: jsonOption,
  },
  async run(ctx) {
    const workspace = await workspaceOption(ctx)
    const name = requiredText(ctx.values, 'name')
    const timezone = timeZoneOption(ctx.values) ?? DEFAULT_TIMEZONE
    const propertyId = await createProperty(ctx.db, ctx.clock, workspace.workspace_id, name, timezone)
    if (ctx.json) return ctx.out(JSON.stringify({ property_id: propertyId, name, timezone }))
    ctx.out(`Created property "${name}" (${propertyId}) in workspace "${workspace.name}", time zone ${timezone}`)
  },
}

export const propertyList: Command = {
  summary: "list a workspace's properties",
  options: {
    workspace: { type: 'string', required: true, placeholder: 'ID', description: 'workspace id' },
    json: jsonOption,
  },
  async run(ctx) {
    const workspace = await workspaceOption(ctx)
    const properties = await listProperties(ctx.db, workspace.workspace_id)
    if (ctx.json) return ctx.out(JSON.stringify(properties))
    if (properties.length === 0) return ctx.out(`Workspace "${workspace.name}" has no properties.`)
    printTable(
      ctx,
      ['PROPERTY ID', 'NAME', 'TIME ZONE', 'DEVICES'],
      properties.map((p) => [p.property_id, p.name, p.timezone, String(p.device_count)]),
    )
  },
}

export const deviceList: Command = {
  summary: "list a workspace's devices, with their brands and code lengths",
  options: {
    workspace: { type: 'string', required: true, placeholder: 'ID', description: 'workspace id' },
    property: { type: 'string', placeholder: 'ID', description: 'only the devices of this property' },
    json: jsonOption,
  },
  async run(ctx) {
    const workspace = await workspaceOption(ctx)
    let query = selectDevices(ctx.db).where('devices.workspace_id', '=', workspace.workspace_id)
    const propertyId = optionalText(ctx.values, 'property')
    if (propertyId !== undefined) {
      if ((await findProperty(ctx.db, workspace.workspace_id, propertyId)) === undefined) {
        throw new CommandError(`Workspace "${workspace.name}" has no property with id ${propertyId}.`)
      }
      query = query.where('devices.property_id', '=', propertyId)
    }
    const devices = (await query.orderBy('devices.created_at').orderBy('devices.device_id').execute()).map(
      toDeviceRecord,
    )
    if (ctx.json) {
      return ctx.out(
        JSON.stringify(
          devices.map((d) => ({
            device_id: d.deviceId,
            display_name: d.displayName,
            provider: d.provider,
            model_name: d.modelName,
            property_id: d.propertyId,
            online: d.online,
          })),
        ),
      )
    }
    if (devices.length === 0) return ctx.out(`Workspace "${workspace.name}" has no devices.`)
    printDevices(ctx, devices)
  },
}

export const deviceAdd: Command = {
  summary: 'add a sandbox lock that behaves like the given brand',
  options: {
    workspace: { type: 'string', required: true, placeholder: 'ID', description: 'workspace id' },
    property: { type: 'string', required: true, placeholder: 'ID', description: 'property id (from property list)' },
    brand: { type: 'string', required: true, placeholder: 'BRAND', description: `one of ${brandList}` },
    name: { type: 'string', placeholder: 'NAME', description: 'display name (default "<Brand> lock")' },
    json: jsonOption,
  },
  async run(ctx) {
    const workspace = await workspaceOption(ctx)
    const propertyId = requiredText(ctx.values, 'property')
    const property = await findProperty(ctx.db, workspace.workspace_id, propertyId)
    if (property === undefined) {
      throw new CommandError(
        `Workspace "${workspace.name}" has no property with id ${propertyId}. See: property list --workspace ${workspace.workspace_id}`,
      )
    }
    const brand = requiredText(ctx.values, 'brand').toLowerCase()
    const profile = profileFor(brand)
    if (profile === undefined)
      throw new CommandError(`Unknown brand "${brand}". Sandbox locks exist for: ${brandList}.`)
    const displayName = optionalText(ctx.values, 'name') ?? `${profile.manufacturerDisplayName} lock`
    const deviceId = await addSandboxDevice(ctx.db, ctx.clock, {
      workspaceId: workspace.workspace_id,
      propertyId: property.property_id,
      profile,
      displayName,
    })
    if (ctx.json)
      return ctx.out(JSON.stringify({ device_id: deviceId, display_name: displayName, provider: profile.provider }))
    ctx.out(`Added sandbox ${profile.modelName} "${displayName}" (${deviceId}) to property "${property.name}"`)
  },
}

function printDevices(ctx: CliContext, devices: DeviceRecord[]): void {
  printTable(
    ctx,
    ['DEVICE ID', 'NAME', 'BRAND', 'PROPERTY', 'CODE LENGTHS', 'ONLINE'],
    devices.map((d) => [
      d.deviceId,
      d.displayName,
      d.provider,
      d.propertyName,
      d.supportedCodeLengths.join(','),
      d.online ? 'yes' : 'no',
    ]),
  )
}
