// npm run bench's support workspace: 500 sandbox locks and 10,000 codes, with the problems support staff meet, for
// the problems queue and the workspace-wide search.
import { createAccessCode } from '@/lib/access-codes/create-access-code'
import { deleteAccessCode } from '@/lib/access-codes/delete-access-code'
import type { ServiceContext } from '@/lib/context'
import type { Store } from '@/lib/db/connection'
import { addSandboxDevice } from '@/lib/devices/add-sandbox-device'
import { simulateDisconnect } from '@/lib/devices/simulate-device'
import { simulateFillKeypad, simulateModifyOnKeypad } from '@/lib/devices/simulate-keypad'
import { createProviderResolver } from '@/lib/locks/providers'
import { sandboxLockProfiles, type SandboxLockProfile } from '@/lib/locks/sandbox-profiles'
import { createAccessCodeInput } from '@/lib/schemas/access-code'
import { Reconciler } from '@/lib/sync/reconciler'
import { ManualClock, systemClock } from '@/lib/time/clock'
import { createProperty, createWorkspace } from '@/lib/workspaces/create-workspace'

export const SUPPORT_PROPERTIES = 10
export const SUPPORT_LOCKS_PER_PROPERTY = 50
export const SUPPORT_CODES_PER_LOCK = 20

/** The guest whose name the bench searches for: three stays in the whole workspace. */
export const RARE_GUEST = 'Okafor'

export interface SupportWorkspace {
  workspaceId: string
  apiKey: string
  locks: number
  /** Codes created (managed, not counting backups filled into pools). */
  codes: number
  /** A surname that many stays carry (about one code in 25). */
  commonGuest: string
  /** The PIN of one code, to search by its digits. */
  somePin: string
  /** What was broken on purpose. */
  broken: { offline: number; stuckRemovals: number; fullKeypads: number; changedOnKeypad: number; lowBattery: number }
}

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

// At most 9 letters: Schlage keeps names to 9 characters. Each lock's stays take 16 names in a row from this list,
// so no lock has two codes of the same name (Wyze refuses a duplicate name).
// prettier-ignore
const SURNAMES = [
  'Andersen', 'Baptiste', 'Chen', 'Dubois', 'Eriksson', 'Fischer', 'Garcia', 'Haddad', 'Ivanova', 'Jensen',
  'Kowalski', 'Larsen', 'Moreau', 'Nakamura', 'Olsen', 'Petrov', 'Quinn', 'Rossi', 'Silva', 'Tanaka',
  'Umarov', 'Varga', 'Weber', 'Xu', 'Yilmaz', 'Zhang', 'Almeida', 'Brennan', 'Costa', 'Duarte',
  'Esposito', 'Ferreira', 'Gomez', 'Horvat', 'Ibrahim', 'Jovanovic', 'Kim', 'Lopez', 'Mendes', 'Novak',
] as const
const ONGOING_NAMES = ['Cleaner', 'Owner', 'Handyman', 'Pool care'] as const
const STAYS_PER_LOCK = SUPPORT_CODES_PER_LOCK - ONGOING_NAMES.length

const PROPERTY_NAMES = [
  ['Harbour Point', 'America/New_York'],
  ['Aspen Ridge', 'America/Denver'],
  ['Lakeside', 'Europe/Lisbon'],
  ['Old Town', 'Europe/Berlin'],
  ['Bayview', 'America/Los_Angeles'],
  ['Pine Street', 'America/Chicago'],
  ['Riverside', 'Europe/London'],
  ['Cedar Court', 'Australia/Sydney'],
  ['Summit', 'America/Denver'],
  ['Marina', 'Asia/Tokyo'],
] as const

const providerOf = (i: number): SandboxLockProfile => {
  const profile = sandboxLockProfiles[i % sandboxLockProfiles.length]
  if (profile === undefined) throw new Error('no sandbox profiles')
  return profile
}

/**
 * Builds the workspace on a clock of its own that starts half an hour ago and catches up with the present, with an
 * instant reconciler programming the codes, as `scripts/seed-demo.ts` does for its troubled property: so the problems
 * are real (offline locks with arrivals, removals stuck on offline locks, full keypads, PINs changed on the keypad,
 * low batteries), and the rest of the codes sit on their locks as they would.
 */
export async function seedSupportWorkspace(store: Store, log: (line: string) => void): Promise<SupportWorkspace> {
  const started = performance.now()
  const story = new ManualClock(new Date(systemClock.now().getTime() - 30 * MINUTE))
  const created = await createWorkspace(store.db, story, { name: 'Bench support', sandboxDevices: 0 })
  const ctx: ServiceContext = { db: store.db, clock: story, workspaceId: created.workspace_id }
  const reconciler = new Reconciler({
    db: store.db,
    engine: store.engine,
    clock: story,
    providerFor: createProviderResolver({ db: store.db, clock: story, sandboxLatencyScale: 0 }),
    owner: 'bench-seed',
  })
  const later = async (ms: number): Promise<void> => {
    story.advance(ms)
    await reconciler.runUntilIdle()
  }

  const locks: { deviceId: string; profile: SandboxLockProfile }[] = []
  for (const [p, [name, timezone]] of PROPERTY_NAMES.slice(0, SUPPORT_PROPERTIES).entries()) {
    const propertyId = await createProperty(store.db, story, created.workspace_id, name, timezone)
    for (let n = 1; n <= SUPPORT_LOCKS_PER_PROPERTY; n++) {
      const profile = providerOf(p * SUPPORT_LOCKS_PER_PROPERTY + n)
      const deviceId = await addSandboxDevice(store.db, story, {
        workspaceId: created.workspace_id,
        propertyId,
        profile,
        displayName: `${name} ${n}`,
      })
      locks.push({ deviceId, profile })
    }
  }

  const create = async (input: Record<string, unknown>): Promise<string> =>
    (await createAccessCode(ctx, createAccessCodeInput.parse(input))).access_code.access_code_id
  // Check-ins every three days from tomorrow on, at 15:00 UTC; one in 25 stays carries the RARE_GUEST's name no more.
  const today = Date.UTC(story.now().getUTCFullYear(), story.now().getUTCMonth(), story.now().getUTCDate(), 15)
  const stayIds: string[][] = []
  const cleanerIds: string[] = []
  let codes = 0
  let rareLeft = 3
  for (const [l, lock] of locks.entries()) {
    for (const name of ONGOING_NAMES) {
      const id = await create({ device_id: lock.deviceId, name })
      if (name === 'Cleaner') cleanerIds.push(id)
      codes++
    }
    const ids: string[] = []
    for (let s = 0; s < STAYS_PER_LOCK; s++) {
      const surname = SURNAMES[(l + s) % SURNAMES.length] ?? 'Guest'
      const name = rareLeft > 0 && s === 1 && l % 150 === 7 ? RARE_GUEST : surname
      if (name === RARE_GUEST) rareLeft--
      const checkIn = today + (1 + 3 * s) * DAY
      ids.push(
        await create({
          device_id: lock.deviceId,
          name,
          starts_at: new Date(checkIn).toISOString(),
          ends_at: new Date(checkIn + 3 * DAY - 4 * HOUR).toISOString(),
          ...(lock.profile.supportsBackupPool && s < 2 ? { use_backup_access_code_pool: true } : {}),
        }),
      )
      codes++
    }
    stayIds.push(ids)
    if ((l + 1) % 100 === 0) log(`support workspace: ${l + 1} locks, ${codes} codes`)
  }
  await reconciler.runUntilIdle()
  log(`support workspace: codes programmed (${Math.round((performance.now() - started) / 1000)} s so far)`)

  // What goes wrong. Offline locks first: their next guests' codes cannot reach them.
  const byProvider = (provider: string): number[] =>
    locks.flatMap((lock, i) => (lock.profile.provider === provider ? [i] : []))
  const offline = locks.flatMap((_, i) => (i % 60 === 11 ? [i] : []))
  for (const i of offline) await simulateDisconnect(ctx, locks[i]?.deviceId ?? '')
  await later(MINUTE)
  // Cleaners' codes deleted on offline locks: their PINs stay on the keypads.
  const stuck = offline.slice(0, 4)
  for (const i of stuck) await deleteAccessCode(ctx, { access_code_id: cleanerIds[i] ?? '' })
  // Keypads filled in the maker's app: a code added afterwards finds no slot.
  const full = byProvider('smartthings').slice(0, 4)
  for (const i of full) {
    const deviceId = locks[i]?.deviceId ?? ''
    await simulateFillKeypad(ctx, deviceId)
    await create({ device_id: deviceId, name: 'Extra' })
    codes++
  }
  await later(MINUTE)
  // PINs changed in the maker's app (on August locks: the stays ahead are on their keypads already).
  const changed = byProvider('august').slice(0, 6)
  for (const [n, i] of changed.entries())
    await simulateModifyOnKeypad(ctx, { access_code_id: stayIds[i]?.[0] ?? '', code: `${975_310 + n * 11}` })
  // Batteries running out: the lock reports its level with every read, which a sandbox lock cannot simulate.
  const lowBattery = locks.flatMap((_, i) => (i % 40 === 23 ? [i] : []))
  for (const [n, i] of lowBattery.entries())
    await store.db
      .updateTable('devices')
      .set({ battery_level: n % 3 === 0 ? 0.05 : 0.15 })
      .where('device_id', '=', locks[i]?.deviceId ?? '')
      .execute()
  await later(Math.max(MINUTE, systemClock.now().getTime() - story.now().getTime()))

  const somePin = await store.db
    .selectFrom('access_codes')
    .select('code')
    .where('access_code_id', '=', stayIds[0]?.[5] ?? '')
    .executeTakeFirstOrThrow()
  log(`support workspace seeded in ${Math.round((performance.now() - started) / 1000)} s`)
  return {
    workspaceId: created.workspace_id,
    apiKey: created.api_key,
    locks: locks.length,
    codes,
    commonGuest: SURNAMES[0],
    somePin: somePin.code,
    broken: {
      offline: offline.length,
      stuckRemovals: stuck.length,
      fullKeypads: full.length,
      changedOnKeypad: changed.length,
      lowBattery: lowBattery.length,
    },
  }
}
