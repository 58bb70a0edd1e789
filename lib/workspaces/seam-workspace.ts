import 'server-only'
import type { ServiceContext } from '@/lib/context'
import { DomainError } from '@/lib/errors/domain-error'
import { profileFor } from '@/lib/locks/sandbox-profiles'
import type { ConnectedAccountObject } from '@/lib/schemas/seam-workspace'

/** /workspaces/get: the workspace the caller's key (or session) opens, as Seam describes one. */
export async function getSeamWorkspace(ctx: ServiceContext) {
  const row = await ctx.db
    .selectFrom('workspaces')
    .select(['workspace_id', 'name', 'is_sandbox'])
    .where('workspace_id', '=', ctx.workspaceId)
    .executeTakeFirst()
  if (row === undefined) throw new DomainError('workspace_not_found', 'The workspace was not found.')
  return {
    workspace: {
      workspace_id: row.workspace_id,
      name: row.name,
      company_name: row.name,
      is_sandbox: row.is_sandbox === 1,
      connect_partner_name: null,
    },
  }
}

/** /connected_accounts/list: the workspace's lock accounts, a disconnected one carrying account_disconnected. */
export async function listSeamConnectedAccounts(
  ctx: ServiceContext,
): Promise<{ connected_accounts: ConnectedAccountObject[] }> {
  const rows = await ctx.db
    .selectFrom('connected_accounts')
    .selectAll()
    .where('workspace_id', '=', ctx.workspaceId)
    .orderBy('created_at')
    .orderBy('connected_account_id')
    .execute()
  return {
    connected_accounts: rows.map((row) => ({
      connected_account_id: row.connected_account_id,
      created_at: new Date(row.created_at).toISOString(),
      account_type: row.provider,
      account_type_display_name: profileFor(row.provider)?.manufacturerDisplayName ?? row.provider,
      user_identifier: null,
      errors:
        row.is_connected === 1
          ? []
          : [
              {
                error_code: 'account_disconnected',
                message: 'Account is disconnected.',
                created_at: new Date(row.created_at).toISOString(),
                is_connected_account_error: true as const,
              },
            ],
      warnings: [],
      custom_metadata: {},
      automatically_manage_new_devices: true,
    })),
  }
}
