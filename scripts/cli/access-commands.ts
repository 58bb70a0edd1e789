// CLI commands for API keys (dashboard users: user-commands.ts).
import { createApiKey } from '@/lib/auth/api-keys'
import { listApiKeys, revokeApiKey } from '@/lib/auth/manage-api-keys'
import {
  CommandError,
  jsonOption,
  optionalText,
  printTable,
  requiredText,
  workspaceOption,
  type Command,
} from '@/scripts/cli/command'

export const apiKeyCreate: Command = {
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
}

export const apiKeyList: Command = {
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
}

export const apiKeyRevoke: Command = {
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
      return ctx.out(JSON.stringify({ api_key_id, revoked_at, already_revoked: result.outcome === 'already_revoked' }))
    }
    const { name, revoked_at } = result.api_key
    ctx.out(
      result.outcome === 'revoked'
        ? `Revoked API key "${name}" (${id}) at ${revoked_at}.`
        : `API key "${name}" (${id}) was already revoked at ${revoked_at}.`,
    )
  },
}
