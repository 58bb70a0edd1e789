import 'server-only'
import type { Kysely } from 'kysely'
import { createApiKey } from '@/lib/auth/api-keys'
import type { Database } from '@/lib/db/schema'
import { addSandboxDevice } from '@/lib/devices/add-sandbox-device'
import { newId } from '@/lib/ids'
import { sandboxLockProfiles } from '@/lib/locks/sandbox-profiles'
import type { Clock } from '@/lib/time/clock'

export interface CreateWorkspaceOptions {
  name: string
  sandboxDevices?: number
  propertyName?: string
  timezone?: string
}

export interface CreatedWorkspace {
  workspace_id: string
  property_id: string
  api_key: string
  device_ids: string[]
}

/**
 * A workspace with one property, an API key, and `sandboxDevices` sandbox locks that cycle through the
 * brand profiles, so a small workspace already shows varied code lengths and constraints.
 */
export async function createWorkspace(
  db: Kysely<Database>,
  clock: Clock,
  options: CreateWorkspaceOptions,
): Promise<CreatedWorkspace> {
  const now = clock.now().toISOString()
  const workspaceId = newId()
  const propertyId = await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('workspaces')
      .values({ workspace_id: workspaceId, name: options.name, is_sandbox: 1, created_at: now })
      .execute()
    return createProperty(
      trx,
      clock,
      workspaceId,
      options.propertyName ?? `${options.name} property`,
      options.timezone ?? 'America/New_York',
    )
  })
  const { api_key } = await createApiKey(db, clock, workspaceId, 'Default key')
  const deviceIds: string[] = []
  const count = options.sandboxDevices ?? 0
  for (let i = 0; i < count; i++) {
    const profile = sandboxLockProfiles[i % sandboxLockProfiles.length]
    if (profile === undefined) continue
    const round = Math.floor(i / sandboxLockProfiles.length)
    const label = `${profile.manufacturerDisplayName} lock${round > 0 ? ` ${round + 1}` : ''}`
    deviceIds.push(await addSandboxDevice(db, clock, { workspaceId, propertyId, profile, displayName: label }))
  }
  return { workspace_id: workspaceId, property_id: propertyId, api_key, device_ids: deviceIds }
}

export async function createProperty(
  db: Kysely<Database>,
  clock: Clock,
  workspaceId: string,
  name: string,
  timezone: string,
): Promise<string> {
  const property = { property_id: newId(), workspace_id: workspaceId, name, timezone }
  await db
    .insertInto('properties')
    .values({ ...property, created_at: clock.now().toISOString() })
    .execute()
  return property.property_id
}
