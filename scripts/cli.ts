// The administrators' CLI: workspaces, API keys, properties and sandbox devices, on the app's own store
// (the same DATA_DIR or DATABASE_URL as the running app; SQLite's WAL lets both write at once).
import { parseArgs } from 'node:util'
import { parseEnv } from '@/lib/config/env'
import { openStore, storeConfigFromEnv, type Store } from '@/lib/db/connection'
import { systemClock } from '@/lib/time/clock'
import { apiKeyCreate, apiKeyList, apiKeyRevoke } from '@/scripts/cli/access-commands'
import { passwordFlagRefusal } from '@/scripts/cli/password-input'
import {
  userAdd,
  userCreate,
  userDisable,
  userEnable,
  userPassword,
  userRemove,
  userSignOut,
} from '@/scripts/cli/user-commands'
import {
  CommandError,
  requiredText,
  UsageError,
  type CliContext,
  type Command,
  type Values,
} from '@/scripts/cli/command'
import {
  deviceAdd,
  deviceList,
  propertyCreate,
  propertyList,
  workspaceCreate,
  workspaceList,
} from '@/scripts/cli/workspace-commands'
import { seamConnect, seamDisconnect, seamStatus } from '@/scripts/cli/seam-commands'

const commands: Record<string, Command> = {
  'workspace create': workspaceCreate,
  'workspace list': workspaceList,
  'api-key create': apiKeyCreate,
  'user create': userCreate,
  'user add': userAdd,
  'user remove': userRemove,
  'user password': userPassword,
  'user sign-out': userSignOut,
  'user disable': userDisable,
  'user enable': userEnable,
  'api-key list': apiKeyList,
  'api-key revoke': apiKeyRevoke,
  'property create': propertyCreate,
  'property list': propertyList,
  'device list': deviceList,
  'device add': deviceAdd,
  'seam connect': seamConnect,
  'seam disconnect': seamDisconnect,
  'seam status': seamStatus,
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

  const refusal = passwordFlagRefusal(rest)
  if (refusal !== undefined) {
    process.stderr.write(`error: ${refusal}\n`)
    return 2
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
      input: process.stdin,
      prompt: process.stderr,
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
