import { z } from 'zod'
import { timestamp, uuid } from '@/lib/schemas/common'

// /workspaces/get and /connected_accounts/list as Seam answers them: what a Seam client (the official SDK, or another
// Latchkey connected to this one as its Seam, issue 14) reads to learn which workspace its key opens and its accounts.

export const seamWorkspaceSchema = z.object({
  workspace_id: uuid,
  name: z.string(),
  company_name: z.string(),
  is_sandbox: z.boolean(),
  connect_partner_name: z.string().nullable(),
})
export const getWorkspaceResponse = z.object({ workspace: seamWorkspaceSchema })

const accountIssue = z.object({
  error_code: z.string(),
  message: z.string(),
  created_at: timestamp,
  is_connected_account_error: z.literal(true),
})

export const connectedAccountSchema = z.object({
  connected_account_id: uuid,
  created_at: timestamp,
  account_type: z.string(),
  account_type_display_name: z.string(),
  user_identifier: z.null(),
  errors: z.array(accountIssue),
  warnings: z.array(z.never()),
  custom_metadata: z.record(z.string(), z.never()),
  automatically_manage_new_devices: z.boolean(),
})
export type ConnectedAccountObject = z.infer<typeof connectedAccountSchema>
export const listConnectedAccountsResponse = z.object({ connected_accounts: z.array(connectedAccountSchema) })
