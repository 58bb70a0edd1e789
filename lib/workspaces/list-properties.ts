import 'server-only'
import type { Kysely } from 'kysely'
import type { Database } from '@/lib/db/schema'
import { isUuid } from '@/lib/ids'
import { liveDeviceCount } from '@/lib/workspaces/live-device-count'

export interface PropertySummary {
  property_id: string
  name: string
  timezone: string
  created_at: string
  device_count: number
}

/** The workspace's property with this id, or undefined (another workspace's property is not found either). */
export async function findProperty(
  db: Kysely<Database>,
  workspaceId: string,
  propertyId: string,
): Promise<Omit<PropertySummary, 'device_count'> | undefined> {
  if (!isUuid(propertyId)) return undefined
  return db
    .selectFrom('properties')
    .select(['property_id', 'name', 'timezone', 'created_at'])
    .where('workspace_id', '=', workspaceId)
    .where('property_id', '=', propertyId)
    .executeTakeFirst()
}

/** The workspace's properties, oldest first, with how many devices each has. */
export async function listProperties(db: Kysely<Database>, workspaceId: string): Promise<PropertySummary[]> {
  const rows = await db
    .selectFrom('properties as p')
    .select([
      'p.property_id',
      'p.name',
      'p.timezone',
      'p.created_at',
      liveDeviceCount(db, 'property_id', 'p.property_id'),
    ])
    .where('p.workspace_id', '=', workspaceId)
    .orderBy('p.created_at')
    .orderBy('p.property_id')
    .execute()
  return rows.map((row) => ({ ...row, device_count: Number(row.device_count ?? 0) }))
}
