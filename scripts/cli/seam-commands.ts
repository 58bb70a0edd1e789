// CLI commands for a workspace's Seam connection (issue 14). The API key (and the webhook secret) are read from stdin
// only, never from argv (where `ps` and shell history would keep them), and never printed.
import type { ServiceContext } from '@/lib/context'
import { DomainError } from '@/lib/errors/domain-error'
import { connectSeam, disconnectSeam, seamConnectionStatus, type SeamConnectionView } from '@/lib/seam/connections'
import { seamConnectInput } from '@/lib/schemas/seam-connection'
import { configuredSecretKey } from '@/lib/seam/secret-key'
import { syncSeamLocks } from '@/lib/seam/sync-locks'
import {
  CommandError,
  jsonOption,
  optionalText,
  UsageError,
  workspaceOption,
  type CliContext,
  type Command,
} from '@/scripts/cli/command'

const workspace = { type: 'string', required: true, placeholder: 'ID', description: 'workspace id' } as const

async function readStdin(ctx: CliContext): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of ctx.input) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)
  return Buffer.concat(chunks).toString('utf8').trim()
}

/**
 * The secrets on stdin: the API key on the first line and, with --webhook-secret-stdin, the webhook secret on the
 * second (`printf '%s\n%s\n' "$SEAM_API_KEY" "$SEAM_WEBHOOK_SECRET" | … --api-key-stdin --webhook-secret-stdin`).
 */
export function secretsFromStdin(text: string, withWebhookSecret: boolean): { apiKey: string; webhookSecret?: string } {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
  const [apiKey, webhookSecret, ...rest] = lines
  if (apiKey === undefined) throw new UsageError('stdin held no API key')
  if (!withWebhookSecret) {
    if (lines.length > 1)
      throw new UsageError(
        'stdin held more than one line: give --webhook-secret-stdin if the second is the webhook secret',
      )
    return { apiKey }
  }
  if (webhookSecret === undefined)
    throw new UsageError(
      '--webhook-secret-stdin: stdin needs the API key on its first line, the webhook secret on its second',
    )
  if (rest.length > 0) throw new UsageError('stdin held more than two lines: the API key, then the webhook secret')
  return { apiKey, webhookSecret }
}

function describe(view: SeamConnectionView | null): string[] {
  if (view === null) return ['Not connected to Seam.']
  return [
    `Seam workspace: ${view.seam_workspace_name ?? '?'} (${view.seam_workspace_id ?? '?'}) at ${view.endpoint}`,
    `API key: …${view.api_key_last4}`,
    `Status: ${view.status}${view.last_error === null ? '' : ` — ${view.last_error}`}`,
    `Last sync: ${view.last_synced_at ?? 'never'}; locks imported: ${view.locks_imported}`,
    view.webhook_secret_set
      ? 'Webhooks: secret set — Seam’s webhooks to /webhooks/seam refresh a lock at once'
      : 'Webhooks: no secret — polling only (SEAM_SYNC_INTERVAL_MS); connect again with --webhook-secret-stdin to add one',
  ]
}

const serviceContext = (ctx: CliContext, workspaceId: string): ServiceContext => ({
  db: ctx.db,
  clock: ctx.clock,
  workspaceId,
})

export const seamConnect: Command = {
  summary: 'connect a workspace to a Seam workspace (the API key is read from stdin) and import its locks',
  options: {
    workspace,
    'api-key-stdin': {
      type: 'boolean',
      description: 'read the Seam API key from stdin (needed: the key is never an argument)',
    },
    'webhook-secret-stdin': {
      type: 'boolean',
      description: 'read the webhook secret (whsec_…, Seam console → Webhooks) from stdin’s second line',
    },
    endpoint: {
      type: 'string',
      placeholder: 'URL',
      description: 'Seam API endpoint (default https://connect.getseam.com)',
    },
    json: jsonOption,
  },
  async run(ctx) {
    if (ctx.values['api-key-stdin'] !== true)
      throw new UsageError('--api-key-stdin is required: the key is read from stdin')
    const ws = await workspaceOption(ctx)
    const secrets = secretsFromStdin(await readStdin(ctx), ctx.values['webhook-secret-stdin'] === true)
    // The API's own checks (a whsec_ secret, an http(s) endpoint), with its messages.
    const parsed = seamConnectInput.safeParse({
      api_key: secrets.apiKey,
      endpoint: optionalText(ctx.values, 'endpoint'),
      webhook_secret: secrets.webhookSecret,
    })
    if (!parsed.success)
      throw new CommandError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '))
    try {
      const secretKey = configuredSecretKey()
      const view = await connectSeam(serviceContext(ctx, ws.workspace_id), parsed.data, {
        secretKey,
        sync: (c) => syncSeamLocks(c.db, c.clock, c.workspaceId, secretKey),
      })
      if (ctx.json) return ctx.out(JSON.stringify({ seam_connection: view }))
      for (const line of describe(view)) ctx.out(line)
    } catch (error) {
      if (error instanceof DomainError || (error instanceof Error && error.name === 'SecretKeyError'))
        throw new CommandError(error.message)
      throw error
    }
  },
}

export const seamDisconnect: Command = {
  summary: 'forget a workspace’s Seam API key (its locks stay, shown disconnected)',
  options: { workspace, json: jsonOption },
  async run(ctx) {
    const ws = await workspaceOption(ctx)
    const result = await disconnectSeam(serviceContext(ctx, ws.workspace_id))
    if (ctx.json) return ctx.out(JSON.stringify(result))
    ctx.out(result.disconnected ? `Disconnected "${ws.name}" from Seam.` : `"${ws.name}" was not connected to Seam.`)
  },
}

export const seamStatus: Command = {
  summary: 'show a workspace’s Seam connection (never the key)',
  options: { workspace, json: jsonOption },
  async run(ctx) {
    const ws = await workspaceOption(ctx)
    const view = await seamConnectionStatus(serviceContext(ctx, ws.workspace_id))
    if (ctx.json) return ctx.out(JSON.stringify({ seam_connection: view }))
    for (const line of describe(view)) ctx.out(line)
  },
}
