// CLI commands for API keys and dashboard users.
import { createApiKey } from '@/lib/auth/api-keys'
import { listApiKeys, revokeApiKey } from '@/lib/auth/manage-api-keys'
import { MIN_PASSWORD_LENGTH } from '@/lib/auth/passwords'
import { addMembership, createUser, normalizeEmail } from '@/lib/auth/users'
import { DomainError } from '@/lib/errors/domain-error'
import {
  CommandError,
  jsonOption,
  optionalText,
  printTable,
  requiredText,
  roleOption,
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

export const userCreate: Command = {
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
}

export const userAdd: Command = {
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
}
