// CLI commands for dashboard users: create, join and leave workspaces, passwords, sessions, disabling.
import { endSessionsOfUser } from '@/lib/auth/sessions'
import { clearAccountThrottle } from '@/lib/auth/sign-in-throttle'
import {
  addMembership,
  createUser,
  disableUser,
  enableUser,
  findUserByEmail,
  removeMembership,
  setPassword,
  type UserSummary,
} from '@/lib/auth/users'
import { DomainError } from '@/lib/errors/domain-error'
import {
  CommandError,
  jsonOption,
  optionalText,
  requiredText,
  roleOption,
  workspaceOption,
  type CliContext,
  type Command,
} from '@/scripts/cli/command'
import { PASSWORD_STDIN, readNewPassword } from '@/scripts/cli/password-input'

const emailOption = {
  type: 'string',
  required: true,
  placeholder: 'EMAIL',
  description: "the user's sign-in email",
} as const
const roleSpec = {
  type: 'string',
  placeholder: 'member|admin',
  description: 'member (default), or admin: can also manage API keys and run simulations',
} as const
const passwordStdinOption = {
  type: 'boolean',
  description: 'read the password from the first line of stdin (else: asked for, in a terminal)',
} as const

async function userOption(ctx: CliContext): Promise<UserSummary & { disabled_at: string | null }> {
  const email = requiredText(ctx.values, 'email')
  const user = await findUserByEmail(ctx.db, email)
  if (user === undefined) throw new CommandError(`No user with email ${email}. See: user create`)
  return user
}

export const userCreate: Command = {
  summary: 'create a dashboard user (email + password) who is a member of a workspace',
  options: {
    email: { type: 'string', required: true, placeholder: 'EMAIL', description: 'sign-in email' },
    [PASSWORD_STDIN]: passwordStdinOption,
    workspace: { type: 'string', required: true, placeholder: 'ID', description: 'workspace the user belongs to' },
    name: { type: 'string', placeholder: 'NAME', description: "the person's name" },
    role: roleSpec,
    json: jsonOption,
  },
  async run(ctx) {
    const workspace = await workspaceOption(ctx)
    const role = roleOption(ctx.values)
    const email = requiredText(ctx.values, 'email')
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new CommandError(`"${email}" is not an email address.`)
    if ((await findUserByEmail(ctx.db, email)) !== undefined)
      throw new CommandError(`Could not create the user: ${email} is already taken. To add them here: user add`)
    const password = await readNewPassword(ctx)
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
  summary: 'make an existing user a member of another workspace (or change their role in it)',
  options: {
    email: emailOption,
    workspace: { type: 'string', required: true, placeholder: 'ID', description: 'workspace to join' },
    role: roleSpec,
    json: jsonOption,
  },
  async run(ctx) {
    const workspace = await workspaceOption(ctx)
    const role = roleOption(ctx.values)
    const user = await userOption(ctx)
    await addMembership(ctx.db, ctx.clock, user.user_id, workspace.workspace_id, role)
    if (ctx.json)
      return ctx.out(
        JSON.stringify({ user_id: user.user_id, email: user.email, workspace_id: workspace.workspace_id, role }),
      )
    ctx.out(`${user.email} is now ${role} of workspace "${workspace.name}".`)
  },
}

export const userRemove: Command = {
  summary: 'take a user out of a workspace (their other workspaces stay); takes effect on their next request',
  options: {
    email: emailOption,
    workspace: { type: 'string', required: true, placeholder: 'ID', description: 'workspace to leave' },
    json: jsonOption,
  },
  async run(ctx) {
    const workspace = await workspaceOption(ctx)
    const user = await userOption(ctx)
    const removed = await removeMembership(ctx.db, user.user_id, workspace.workspace_id)
    if (!removed) throw new CommandError(`${user.email} is not a member of workspace "${workspace.name}".`)
    if (ctx.json) return ctx.out(JSON.stringify({ user_id: user.user_id, workspace_id: workspace.workspace_id }))
    ctx.out(`${user.email} is no longer a member of workspace "${workspace.name}".`)
  },
}

export const userPassword: Command = {
  summary: "set a user's password; every session of theirs ends",
  options: { email: emailOption, [PASSWORD_STDIN]: passwordStdinOption, json: jsonOption },
  async run(ctx) {
    const user = await userOption(ctx)
    await setPassword(ctx.db, user.user_id, await readNewPassword(ctx))
    if (ctx.json) return ctx.out(JSON.stringify({ user_id: user.user_id }))
    ctx.out(`New password set for ${user.email}; they are signed out everywhere.`)
  },
}

export const userSignOut: Command = {
  summary: 'end every session of a user (sign them out on every device)',
  options: { email: emailOption, json: jsonOption },
  async run(ctx) {
    const user = await userOption(ctx)
    const ended = await endSessionsOfUser(ctx.db, user.user_id)
    if (ctx.json) return ctx.out(JSON.stringify({ user_id: user.user_id, ended_sessions: ended }))
    ctx.out(`Ended ${ended} session${ended === 1 ? '' : 's'} of ${user.email}.`)
  },
}

export const userDisable: Command = {
  summary: 'disable a user: their sessions end and sign-in is refused (until user enable)',
  options: { email: emailOption, json: jsonOption },
  async run(ctx) {
    const user = await userOption(ctx)
    await disableUser(ctx.db, ctx.clock, user.user_id)
    if (ctx.json) return ctx.out(JSON.stringify({ user_id: user.user_id, disabled: true }))
    ctx.out(`Disabled ${user.email}: signed out everywhere, and sign-in is refused.`)
  },
}

export const userEnable: Command = {
  summary: 'let a disabled user sign in again; also lifts a lockout after failed sign-ins',
  options: { email: emailOption, json: jsonOption },
  async run(ctx) {
    const user = await userOption(ctx)
    await enableUser(ctx.db, user.user_id)
    await clearAccountThrottle(ctx.db, ctx.clock, user.email)
    if (ctx.json) return ctx.out(JSON.stringify({ user_id: user.user_id, disabled: false }))
    ctx.out(`${user.email} can sign in again.`)
  },
}
