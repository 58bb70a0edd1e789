import { z } from 'zod'
import { timestamp, uuid } from '@/lib/schemas/common'

const workspaceRole = z.enum(['admin', 'member'])

/** A workspace as one of its members sees it: the session, sign-in and the workspace switcher. */
export const memberWorkspaceSchema = z.object({
  workspace_id: uuid,
  name: z.string(),
  is_sandbox: z.boolean(),
  role: workspaceRole,
})
export type MemberWorkspace = z.infer<typeof memberWorkspaceSchema>

/** The workspace an API key belongs to. */
const keyWorkspaceSchema = z.object({ workspace_id: uuid, name: z.string(), created_at: timestamp })
export type KeyWorkspace = z.infer<typeof keyWorkspaceSchema>

// A signed-in person gets their workspaces with their role; an API key gets its own workspace.
export const listWorkspacesResponse = z.object({
  workspaces: z.array(z.union([memberWorkspaceSchema, keyWorkspaceSchema])),
})
