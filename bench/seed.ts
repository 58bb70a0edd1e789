import path from 'node:path'
import { openStore } from '@/lib/db/connection'
import { sandboxLockProfiles } from '@/lib/locks/sandbox-profiles'
import { systemClock } from '@/lib/time/clock'
import { createWorkspace } from '@/lib/workspaces/create-workspace'
import { seedSupportWorkspace, type SupportWorkspace } from './support-seed'

export interface BenchWorkspace {
  workspaceId: string
  apiKey: string
  /** Fifty devices of every brand that takes a chosen PIN, for create_multiple. */
  multiDeviceIds: string[]
  /** Fresh devices of one brand, one per create repetition (the first then holds the list scenario's codes). */
  createDeviceIds: string[]
  warmupDeviceId: string
  provider: string
  /** A second workspace, for the problems queue and the workspace-wide search (bench/support-seed.ts), if asked for. */
  support: SupportWorkspace | undefined
}

export const MULTI_DEVICES = 50

/**
 * Creates the workspace straight in the store the server will open (same DATA_DIR, same SQLite file), the way
 * `npm run cli -- workspace create --sandbox-devices N` does. Devices cycle through the sandbox brand profiles,
 * so device i has profile i % profiles.length.
 */
export async function seedWorkspace(
  dataDir: string,
  createRepetitions: number,
  log: (line: string) => void,
  { withSupport }: { withSupport: boolean } = { withSupport: true },
): Promise<BenchWorkspace> {
  const store = await openStore({ engine: 'sqlite', file: path.join(dataDir, 'latchkey.sqlite') })
  try {
    const profiles = sandboxLockProfiles.length
    // create_multiple shares one PIN: its fifty devices are of the brands that take a chosen PIN (locks that pick
    // their own PINs cannot share one). Whole rounds of profiles until there are fifty of those, then one round per
    // create repetition, so that every round has one device of profile 0.
    const takesChosenPin = sandboxLockProfiles.map(
      (p) => !p.codeConstraints.some((c) => c.constraint_type === 'cannot_specify_pin_code'),
    )
    const choosablePerRound = takesChosenPin.filter(Boolean).length
    const multiRounds = Math.ceil(MULTI_DEVICES / choosablePerRound)
    const rounds = createRepetitions + 1
    const total = (multiRounds + rounds) * profiles
    const created = await createWorkspace(store.db, systemClock, { name: 'Bench', sandboxDevices: total })
    const multiDeviceIds = created.device_ids
      .slice(0, multiRounds * profiles)
      .filter((_, i) => takesChosenPin[i % profiles] === true)
      .slice(0, MULTI_DEVICES)
    const profileZero = created.device_ids.filter((_, i) => i >= multiRounds * profiles && i % profiles === 0)
    const [warmupDeviceId, ...createDeviceIds] = profileZero
    if (warmupDeviceId === undefined || createDeviceIds.length < createRepetitions)
      throw new Error('not enough sandbox devices were created')
    const support = withSupport ? await seedSupportWorkspace(store, log) : undefined
    return {
      workspaceId: created.workspace_id,
      apiKey: created.api_key,
      multiDeviceIds,
      createDeviceIds: createDeviceIds.slice(0, createRepetitions),
      warmupDeviceId,
      provider: sandboxLockProfiles[0]?.provider ?? 'unknown',
      support,
    }
  } finally {
    await store.close()
  }
}
