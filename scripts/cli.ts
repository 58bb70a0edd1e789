// The administrators' CLI: workspaces, API keys, properties and sandbox devices, on the app's own store
// (the same DATA_DIR or DATABASE_URL as the running app; SQLite's WAL lets both write at once).
import { DomainError } from '@/lib/errors/domain-error'
import { MIN_PASSWORD_LENGTH } from '@/lib/auth/passwords'
import { addMembership, createUser, normalizeEmail } from '@/lib/auth/users'
import { parseArgs } from 'node:util'
import type { Kysely } from 'kysely'
import { createApiKey } from '@/lib/auth/api-keys'
import { listApiKeys, revokeApiKey } from '@/lib/auth/manage-api-keys'
import { parseEnv } from '@/lib/config/env'
import { openStore, storeConfigFromEnv, type Store } from '@/lib/db/connection'
import type { Database } from '@/lib/db/schema'
import { addSandboxDevice } from '@/lib/devices/add-sandbox-device'
import { selectDevices, toDeviceRecord, type DeviceRecord } from '@/lib/devices/device-record'
import { profileFor, sandboxLockProfiles } from '@/lib/locks/sandbox-profiles'
import { systemClock, type Clock } from '@/lib/time/clock'
import { canonicalTimeZone } from '@/lib/time/zoned'
import { createProperty, createWorkspace } from '@/lib/workspaces/create-workspace'
import { findProperty, listProperties } from '@/lib/workspaces/list-properties'
import { findWorkspace, listWorkspaces, type WorkspaceRecord } from '@/lib/workspaces/list-workspaces'

/** A mistake in how the command was called: shown with the command's usage, exit code 2. */
class UsageError extends Error {}
/** A request that cannot be done (unknown workspace, bad time zone, …): exit code 1. */
class CommandError extends Error {}

type OptionSpec = { type: 'string' | 'boolean'; description: string; required?: boolean; placeholder?: string }
type Values = Record<string, string | boolean | undefined>

interface CliContext {
  db: Kysely<Database>
  clock: Clock
  values: Values
  json: boolean
  out(line: string): void
}

interface Command {
  summary: string
  options: Record<string, OptionSpec>
  run(ctx: CliContext): Promise<void>
}

const jsonOption: OptionSpec = { type: 'boolean', description: 'print one line of JSON instead of text' }
const DEFAULT_TIMEZONE = 'America/New_York'
const MAX_SANDBOX_DEVICES = 10_000
const brandList = sandboxLockProfiles.map((p) => p.provider).join(', ')

const commands: Record<string, Command> = {
  'workspace create': {
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
  },
  'workspace list': {
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
  },
  'api-key create': {
    summary: 'create an API key for a workspace (shown once)',
    options: {
      workspace: { type: 'string', required: true, placeholder: 'ID', description: 'workspace id' },
      name: { type: 'string', placeholder: 'NAME', description: 'a name to tell the key apart (default "API key")' },
      json: jsonOption,
    },
    async run(ctx) {
      const workspace = await workspaceOption(ctx)
      const name = optionalText(ctx.values, 'name') ?? 'API key'
      const created = await createApiKey(ctx.db, ctx.clock, workspace.workspace_id, name)
      if (ctx.json) return ctx.out(JSON.stringify({ api_key_id: created.api_key_id, api_key: created.api_key }))
      ctx.out(`Created API key "${name}" (${created.api_key_id}) for workspace "${workspace.name}"`)
      ctx.out(`  ${created.api_key}`)
      ctx.out('The key is shown only now: store it somewhere safe.')
    },
  },
  'user create': {
    summary: 'create a dashboard user (email + password) who is a member of a workspace',
    options: {
      email: { type: 'string', required: true, placeholder: 'EMAIL', description: 'sign-in email' },
      password: {
        type: 'string',
        required: true,
        placeholder: 'PASSWORD',
        description: `at least ${MIN_PASSWORD_LENGTH} characters`,
      },
      workspace: { type: 'string', required: true, placeholder: 'ID', description: 'workspace the user belongs to' },
      name: { type: 'string', placeholder: 'NAME', description: "the person's name" },
      role: { type: 'string', placeholder: 'admin|member', description: 'admin (default) can manage API keys' },
      json: jsonOption,
    },
    async run(ctx) {
      const workspace = await workspaceOption(ctx)
      const role = roleOption(ctx.values)
      const email = requiredText(ctx.values, 'email')
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new CommandError(`"${email}" is not an email address.`)
      const password = ctx.values.password
      if (typeof password !== 'string' || password.length < MIN_PASSWORD_LENGTH) {
        throw new CommandError(`The password must be at least ${MIN_PASSWORD_LENGTH} characters.`)
      }
      let user
      try {
        user = await createUser(ctx.db, ctx.clock, { email, password, name: optionalText(ctx.values, 'name') })
      } catch (error) {
        if (error instanceof DomainError) throw new CommandError(`Could not create the user: ${error.message}`)
        throw error
      }
      await addMembership(ctx.db, ctx.clock, user.user_id, workspace.workspace_id, role)
      if (ctx.json)
        return ctx.out(
          JSON.stringify({ user_id: user.user_id, email: user.email, workspace_id: workspace.workspace_id, role }),
        )
      ctx.out(`Created user ${user.email} (${user.user_id}), ${role} of workspace "${workspace.name}".`)
    },
  },
  'user add': {
    summary: 'make an existing user a member of another workspace',
    options: {
      email: { type: 'string', required: true, placeholder: 'EMAIL', description: "the user's sign-in email" },
      workspace: { type: 'string', required: true, placeholder: 'ID', description: 'workspace to join' },
      role: { type: 'string', placeholder: 'admin|member', description: 'admin (default) can manage API keys' },
      json: jsonOption,
    },
    async run(ctx) {
      const workspace = await workspaceOption(ctx)
      const role = roleOption(ctx.values)
      const email = normalizeEmail(requiredText(ctx.values, 'email'))
      const user = await ctx.db
        .selectFrom('users')
        .select(['user_id', 'email'])
        .where('email', '=', email)
        .executeTakeFirst()
      if (user === undefined) throw new CommandError(`No user with email ${email}. See: user create`)
      await addMembership(ctx.db, ctx.clock, user.user_id, workspace.workspace_id, role)
      if (ctx.json)
        return ctx.out(
          JSON.stringify({ user_id: user.user_id, email: user.email, workspace_id: workspace.workspace_id, role }),
        )
      ctx.out(`${user.email} is now ${role} of workspace "${workspace.name}".`)
    },
  },
  'api-key list': {
    summary: "list a workspace's API keys (their prefixes, never the keys)",
    options: {
      workspace: { type: 'string', required: true, placeholder: 'ID', description: 'workspace id' },
      json: jsonOption,
    },
    async run(ctx) {
      const workspace = await workspaceOption(ctx)
      const keys = await listApiKeys(ctx.db, workspace.workspace_id)
      if (ctx.json) return ctx.out(JSON.stringify(keys))
      if (keys.length === 0) return ctx.out(`Workspace "${workspace.name}" has no API keys.`)
      printTable(
        ctx,
        ['API KEY ID', 'NAME', 'STARTS WITH', 'CREATED', 'REVOKED'],
        keys.map((k) => [k.api_key_id, k.name, `${k.key_prefix}…`, k.created_at, k.revoked_at ?? '-']),
      )
    },
  },
  'api-key revoke': {
    summary: 'revoke an API key: requests with it answer 401 from now on',
    options: {
      id: { type: 'string', required: true, placeholder: 'ID', description: 'API key id (from api-key list)' },
      json: jsonOption,
    },
    async run(ctx) {
      const id = requiredText(ctx.values, 'id')
      const result = await revokeApiKey(ctx.db, ctx.clock, id)
      if (result.outcome === 'not_found') throw new CommandError(`No API key with id ${id}.`)
      if (ctx.json) {
        const { api_key_id, revoked_at } = result.api_key
        return ctx.out(
          JSON.stringify({ api_key_id, revoked_at, already_revoked: result.outcome === 'already_revoked' }),
        )
      }
      const { name, revoked_at } = result.api_key
      ctx.out(
        result.outcome === 'revoked'
          ? `Revoked API key "${name}" (${id}) at ${revoked_at}.`
          : `API key "${name}" (${id}) was already revoked at ${revoked_at}.`,
      )
    },
  },
  'property create': {
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
  },
  'property list': {
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
  },
  'device list': {
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
  },
  'device add': {
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
  },
}

function requiredText(values: Values, name: string): string {
  const value = optionalText(values, name)
  if (value === undefined) throw new UsageError(`--${name} is required`)
  return value
}

function optionalText(values: Values, name: string): string | undefined {
  const value = values[name]
  if (typeof value !== 'string') return undefined
  const trimmed = value.trim()
  if (trimmed === '') throw new UsageError(`--${name} must not be empty`)
  return trimmed
}

function countOption(values: Values, name: string, max: number): number | undefined {
  const text = optionalText(values, name)
  if (text === undefined) return undefined
  if (!/^\d+$/.test(text) || Number(text) > max)
    throw new UsageError(`--${name} must be a whole number from 0 to ${max}, not "${text}"`)
  return Number(text)
}

function timeZoneOption(values: Values): string | undefined {
  const text = optionalText(values, 'timezone')
  if (text === undefined) return undefined
  const timezone = canonicalTimeZone(text)
  if (timezone === undefined) {
    throw new CommandError(
      `"${text}" is not a time zone this system knows. Use an IANA name such as America/Denver or Europe/Lisbon.`,
    )
  }
  return timezone
}

function roleOption(values: Values): 'admin' | 'member' {
  const role = optionalText(values, 'role') ?? 'admin'
  if (role !== 'admin' && role !== 'member') throw new UsageError(`--role must be admin or member, not "${role}"`)
  return role
}

async function workspaceOption(ctx: CliContext): Promise<WorkspaceRecord> {
  const id = requiredText(ctx.values, 'workspace')
  const workspace = await findWorkspace(ctx.db, id)
  if (workspace === undefined) throw new CommandError(`No workspace with id ${id}. See: workspace list`)
  return workspace
}

function printTable(ctx: CliContext, header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd()
  ctx.out(line(header))
  for (const row of rows) ctx.out(line(row))
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

function commandUsage(key: string, command: Command): string {
  const flags = Object.entries(command.options).map(([name, spec]) => {
    const flag = spec.type === 'string' ? `--${name} ${spec.placeholder ?? 'VALUE'}` : `--${name}`
    return spec.required ? flag : `[${flag}]`
  })
  return `  ${key} ${flags.join(' ')}`
}

function usage(): string {
  const lines = ['Usage: npm run --silent cli -- <command> [options]', '', 'Commands:']
  for (const [key, command] of Object.entries(commands))
    lines.push(commandUsage(key, command), `      ${command.summary}`)
  lines.push(
    '',
    "The store is the app's: DATA_DIR (default ./data) or, when DATABASE_URL is set, PostgreSQL.",
    'Add --help after a command for its options. Exit codes: 0 done, 1 the request failed, 2 bad usage.',
  )
  return lines.join('\n')
}

function commandHelp(key: string, command: Command): string {
  const lines = [
    `Usage: npm run --silent cli -- ${commandUsage(key, command).trim()}`,
    '',
    command.summary,
    '',
    'Options:',
  ]
  for (const [name, spec] of Object.entries(command.options)) {
    const flag = spec.type === 'string' ? `--${name} ${spec.placeholder ?? 'VALUE'}` : `--${name}`
    lines.push(`  ${flag.padEnd(26)} ${spec.description}${spec.required ? ' (required)' : ''}`)
  }
  return lines.join('\n')
}

async function main(argv: string[]): Promise<number> {
  const [group, action] = argv
  if (group === undefined || group === 'help' || group === '--help' || group === '-h') {
    process[group === undefined ? 'stderr' : 'stdout'].write(`${usage()}\n`)
    return group === undefined ? 2 : 0
  }
  const key = `${group} ${action ?? ''}`
  const command = commands[key]
  if (command === undefined) {
    process.stderr.write(`error: unknown command "${key.trim()}"\n\n${usage()}\n`)
    return 2
  }
  const rest = argv.slice(2)
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${commandHelp(key, command)}\n`)
    return 0
  }

  let values: Values
  try {
    const options = Object.fromEntries(
      Object.entries(command.options).map(([name, spec]) => [name, { type: spec.type }]),
    )
    values = parseArgs({ args: rest, options, strict: true, allowPositionals: false }).values as Values
    for (const [name, spec] of Object.entries(command.options)) if (spec.required) requiredText(values, name)
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    process.stderr.write(`error: ${message}\n\n${commandHelp(key, command)}\n`)
    return 2
  }

  let store: Store | undefined
  try {
    store = await openStore(storeConfigFromEnv(parseEnv()))
    const ctx: CliContext = {
      db: store.db,
      clock: systemClock,
      values,
      json: values.json === true,
      out: (line) => process.stdout.write(`${line}\n`),
    }
    await command.run(ctx)
    return 0
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`error: ${error.message}\n\n${commandHelp(key, command)}\n`)
      return 2
    }
    if (error instanceof CommandError) {
      process.stderr.write(`error: ${error.message}\n`)
      return 1
    }
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`)
    return 1
  } finally {
    await store?.close()
  }
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code
})
