import path from 'node:path'
import { openStore } from '@/lib/db/connection'
import { sandboxLockProfiles } from '@/lib/locks/sandbox-profiles'
import { systemClock } from '@/lib/time/clock'
import { createWorkspace } from '@/lib/workspaces/create-workspace'

export interface BenchWorkspace {
  workspaceId: string
  apiKey: string
  /** Fifty devices of every brand, for create_multiple. */
  multiDeviceIds: string[]
  /** Fresh devices of one brand, one per create repetition (the first then holds the list scenario's codes). */
  createDeviceIds: string[]
  warmupDeviceId: string
  provider: string
}

export const MULTI_DEVICES = 50

/**
 * Creates the workspace straight in the store the server will open (same DATA_DIR, same SQLite file), the way
 * `npm run cli -- workspace create --sandbox-devices N` does. Devices cycle through the sandbox brand profiles,
 * so device i has profile i % profiles.length.
 */
export async function seedWorkspace(dataDir: string, createRepetitions: number): Promise<BenchWorkspace> {
  const store = await openStore({ engine: 'sqlite', file: path.join(dataDir, 'latchkey.sqlite') })
  try {
    const profiles = sandboxLockProfiles.length
    // After the fifty, whole rounds of profiles so that every round has one device of profile 0.
    const rounds = createRepetitions + 1
    const total = MULTI_DEVICES + ((profiles - (MULTI_DEVICES % profiles)) % profiles) + rounds * profiles
    const created = await createWorkspace(store.db, systemClock, { name: 'Bench', sandboxDevices: total })
    const profileZero = created.device_ids.filter((_, i) => i >= MULTI_DEVICES && i % profiles === 0)
    const [warmupDeviceId, ...createDeviceIds] = profileZero
    if (warmupDeviceId === undefined || createDeviceIds.length < createRepetitions)
      throw new Error('not enough sandbox devices were created')
    return {
      workspaceId: created.workspace_id,
      apiKey: created.api_key,
      multiDeviceIds: created.device_ids.slice(0, MULTI_DEVICES),
      createDeviceIds: createDeviceIds.slice(0, createRepetitions),
      warmupDeviceId,
      provider: sandboxLockProfiles[0]?.provider ?? 'unknown',
    }
  } finally {
    await store.close()
  }
}
