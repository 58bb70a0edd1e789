import 'server-only'
import type { Kysely } from 'kysely'
import type { Database } from '@/lib/db/schema'
import { isUuid } from '@/lib/ids'
import type { KeyWorkspace } from '@/lib/schemas/workspace'
import { liveDeviceCount } from '@/lib/workspaces/live-device-count'

export interface WorkspaceSummary {
  workspace_id: string
  name: string
  created_at: string
  property_count: number
  device_count: number
  active_api_key_count: number
}

export type WorkspaceRecord = KeyWorkspace

/** The workspace with this id, or undefined (a malformed id is simply not found). */
export async function findWorkspace(db: Kysely<Database>, workspaceId: string): Promise<WorkspaceRecord | undefined> {
  if (!isUuid(workspaceId)) return undefined
  return db
    .selectFrom('workspaces')
    .select(['workspace_id', 'name', 'created_at'])
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirst()
}

/** Every workspace, oldest first, with how many properties, devices and active API keys it has. */
export async function listWorkspaces(db: Kysely<Database>): Promise<WorkspaceSummary[]> {
  const rows = await db
    .selectFrom('workspaces as w')
    .select((eb) => [
      'w.workspace_id',
      'w.name',
      'w.created_at',
      eb
        .selectFrom('properties as p')
        .select((c) => c.fn.countAll<number>().as('n'))
        .whereRef('p.workspace_id', '=', 'w.workspace_id')
        .as('property_count'),
      liveDeviceCount(db, 'workspace_id', 'w.workspace_id'),
      eb
        .selectFrom('api_keys as k')
        .select((c) => c.fn.countAll<number>().as('n'))
        .whereRef('k.workspace_id', '=', 'w.workspace_id')
        .where('k.revoked_at', 'is', null)
        .as('active_api_key_count'),
    ])
    .orderBy('w.created_at')
    .orderBy('w.workspace_id')
    .execute()
  // PostgreSQL returns count(*) as a bigint string.
  return rows.map((row) => ({
    workspace_id: row.workspace_id,
    name: row.name,
    created_at: row.created_at,
    property_count: Number(row.property_count ?? 0),
    device_count: Number(row.device_count ?? 0),
    active_api_key_count: Number(row.active_api_key_count ?? 0),
  }))
}
