// Creates the demo workspace `npm run demo` shows, once: properties in different time zones, sandbox locks of every
// brand, and a few access codes; and, in a third property, the problems support staff meet, made the way they happen
// (sandbox locks misbehaving, the reconciler noticing). Its API key is kept in DATA_DIR/demo.json (the store only has
// its hash).
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { createAccessCode } from '@/lib/access-codes/create-access-code'
import { createMultipleAccessCodes } from '@/lib/access-codes/create-multiple-access-codes'
import { deleteAccessCode } from '@/lib/access-codes/delete-access-code'
import { workspaceForApiKey } from '@/lib/auth/api-keys'
import { hashPassword } from '@/lib/auth/passwords'
import { addMembership, createUser } from '@/lib/auth/users'
import { parseEnv } from '@/lib/config/env'
import type { ServiceContext } from '@/lib/context'
import { openStore, storeConfigFromEnv, type Store } from '@/lib/db/connection'
import { addSandboxDevice } from '@/lib/devices/add-sandbox-device'
import { simulateDisconnect } from '@/lib/devices/simulate-device'
import { simulateFillKeypad, simulateModifyOnKeypad } from '@/lib/devices/simulate-keypad'
import { createProviderResolver } from '@/lib/locks/providers'
import { profileFor } from '@/lib/locks/sandbox-profiles'
import { createAccessCodeInput, createMultipleAccessCodesInput } from '@/lib/schemas/access-code'
import { importStaysInput } from '@/lib/schemas/stay'
import { importStays } from '@/lib/stays/import/import-stays'
import { Reconciler } from '@/lib/sync/reconciler'
import { ManualClock, systemClock } from '@/lib/time/clock'
import { toZonedInputValue, zonedInputToUtc } from '@/lib/time/zoned'
import { createProperty, createWorkspace } from '@/lib/workspaces/create-workspace'
import { findWorkspace } from '@/lib/workspaces/list-workspaces'

interface DemoFile {
  user?: { email: string; password: string }
  workspace_id: string
  workspace_name: string
  api_key: string
  properties: { property_id: string; name: string; timezone: string; device_ids: string[] }[]
  created_at: string
}

const WORKSPACE_NAME = 'Demo Rentals'
const DEMO_EMAIL = 'demo@latchkey.test'

/** The demo user's sign-in: DEMO_PASSWORD when set (the e2e journeys use it), else a fresh random one. */
async function createDemoUser(
  db: ServiceContext['db'],
  workspaceId: string,
): Promise<{ email: string; password: string }> {
  const password = process.env.DEMO_PASSWORD ?? randomBytes(9).toString('base64url')
  const existing = await db.selectFrom('users').select('user_id').where('email', '=', DEMO_EMAIL).executeTakeFirst()
  if (existing !== undefined) await db.deleteFrom('sessions').where('user_id', '=', existing.user_id).execute()
  if (existing !== undefined)
    await db
      .updateTable('users')
      .set({ password_hash: await hashPassword(password) })
      .where('user_id', '=', existing.user_id)
      .execute()
  const userId =
    existing?.user_id ??
    (await createUser(db, systemClock, { email: DEMO_EMAIL, password, name: 'Demo manager' })).user_id
  await addMembership(db, systemClock, userId, workspaceId, 'admin')
  return { email: DEMO_EMAIL, password }
}

const demoProperties = [
  {
    name: 'Aspen Ridge Lodge',
    timezone: 'America/Denver',
    locks: [
      ['august', 'Front door'],
      ['schlage', 'Back door'],
      ['kwikset', 'Garage'],
      ['yale', 'Unit 1A'],
      ['igloohome', 'Unit 1B'],
      ['ttlock', 'Unit 2A'],
      ['smartthings', 'Unit 2B'],
      ['lockly', 'Owner closet'],
    ],
  },
  {
    name: 'Lakeside Cabin',
    timezone: 'Europe/Lisbon',
    locks: [
      ['nuki', 'Cabin front door'],
      ['august', 'Cabin side door'],
      ['ttlock', 'Boathouse'],
    ],
  },
] as const

/** `hour:minute` on the day `dayOffset` days from today, on the wall clock of `timeZone`, as an ISO instant. */
function localDayAt(timeZone: string, dayOffset: number, hour: number, minute = 0): string {
  const today = toZonedInputValue(systemClock.now().toISOString(), timeZone).slice(0, 10)
  const day = new Date(`${today}T00:00:00Z`)
  day.setUTCDate(day.getUTCDate() + dayOffset)
  const wallClock = `${day.toISOString().slice(0, 10)}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`
  const instant = zonedInputToUtc(wallClock, timeZone)
  if (instant === undefined) throw new Error(`no such time: ${wallClock} in ${timeZone}`)
  return instant
}

/** The property where things have gone wrong, and its locks (brand, name). */
const troubledProperty = {
  name: 'Pine Street Apartments',
  timezone: 'America/New_York',
  locks: [
    ['smartthings', 'Apt 1 entry'],
    ['lockly', 'Apt 2 entry'],
    ['yale', 'Apt 3 entry'],
    ['kwikset', 'Apt 4 entry'],
  ],
} as const

const MINUTE = 60_000

/**
 * Pine Street Apartments, over the last 40 minutes: its locks are added, codes made, and then things go wrong the way
 * they do, on the sandbox locks themselves, with the reconciler (instant locks, on a clock of its own that catches up
 * with the present) noticing each one, so the problems queue has real problems to show:
 * - Apt 1 goes offline: the previous guest's code, deleted after an early check-out, cannot come off the keypad
 *   (its PIN still opens the door), and the next guest, arriving tomorrow, has no code on the lock yet;
 * - Apt 2's keypad was filled in the maker's app: the housekeeping code fails for want of a slot;
 * - on Apt 3, someone changed the current guest's PIN in the maker's app (the code allows it: the new PIN is kept,
 *   with a warning, and the guest's message is now wrong);
 * - Apt 4's batteries are almost empty, with a guest arriving in two days.
 */
async function seedTroubledProperty(store: Store, workspaceId: string): Promise<DemoFile['properties'][number]> {
  const story = new ManualClock(new Date(systemClock.now().getTime() - 40 * MINUTE).toISOString())
  const ctx: ServiceContext = { db: store.db, clock: story, workspaceId }
  const reconciler = new Reconciler({
    db: store.db,
    engine: store.engine,
    clock: story,
    providerFor: createProviderResolver({ db: store.db, clock: story, sandboxLatencyScale: 0 }),
    owner: 'seed-demo',
  })
  const later = async (minutes: number): Promise<void> => {
    story.advance(minutes * MINUTE)
    await reconciler.runUntilIdle()
  }
  const { timezone } = troubledProperty
  const propertyId = await createProperty(store.db, story, workspaceId, troubledProperty.name, timezone)
  const deviceIds: string[] = []
  for (const [brand, displayName] of troubledProperty.locks) {
    const profile = profileFor(brand)
    if (profile === undefined) throw new Error(`no sandbox profile for ${brand}`)
    deviceIds.push(await addSandboxDevice(store.db, story, { workspaceId, propertyId, profile, displayName }))
  }
  const [apt1, apt2, apt3, apt4] = deviceIds
  if (apt1 === undefined || apt2 === undefined || apt3 === undefined || apt4 === undefined)
    throw new Error('Pine Street locks missing')
  const create = async (input: Record<string, unknown>): Promise<string> =>
    (await createAccessCode(ctx, createAccessCodeInput.parse(input))).access_code.access_code_id

  const novak = await create({
    device_id: apt1,
    name: 'Novak stay',
    starts_at: localDayAt(timezone, -2, 16),
    ends_at: localDayAt(timezone, 1, 11),
  })
  await create({
    device_id: apt1,
    name: 'Okafor stay',
    starts_at: localDayAt(timezone, 1, 16),
    ends_at: localDayAt(timezone, 4, 11),
    use_backup_access_code_pool: true,
  })
  await simulateFillKeypad(ctx, apt2)
  const ito = await create({
    device_id: apt3,
    name: 'Ito stay',
    starts_at: localDayAt(timezone, -1, 15),
    ends_at: localDayAt(timezone, 3, 11),
    is_external_modification_allowed: true,
  })
  await create({
    device_id: apt4,
    name: 'Berg stay',
    starts_at: localDayAt(timezone, 2, 15),
    ends_at: localDayAt(timezone, 5, 11),
  })
  await reconciler.runUntilIdle()

  await create({ device_id: apt2, name: 'Housekeeping' })
  await later(2)
  await simulateDisconnect(ctx, apt1)
  await later(3)
  // The Novaks left early; their code is deleted, but the lock is offline.
  await deleteAccessCode(ctx, { access_code_id: novak })
  await later(2)
  await simulateModifyOnKeypad(ctx, { access_code_id: ito, code: '5817' })
  await later(1)
  // The lock reports its battery with every read; a sandbox lock has no simulation for it, so it is set here.
  await store.db.updateTable('devices').set({ battery_level: 0.07 }).where('device_id', '=', apt4).execute()
  await later(Math.max(0, (systemClock.now().getTime() - story.now().getTime()) / MINUTE))
  return { property_id: propertyId, name: troubledProperty.name, timezone, device_ids: deviceIds }
}

/**
 * Guest stays at the lodge and the cabin, imported as a property manager would (a CSV, made here from today's date;
 * public/examples/stays.csv shows the format): one in progress, upcoming ones, and one whose side door goes offline
 * the day before check-in, so its health shows it. Only into a workspace without stays: a second run, or a workspace
 * seeded before stays existed, gets them once.
 */
async function seedDemoStays(store: Store, workspaceId: string): Promise<void> {
  const hasStays = await store.db
    .selectFrom('stays')
    .select('stay_id')
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirst()
  if (hasStays !== undefined) return
  const ctx: ServiceContext = { db: store.db, clock: systemClock, workspaceId }
  const [lodge, cabin] = demoProperties
  const lodgeAt = (day: number, hour: number) =>
    toZonedInputValue(localDayAt(lodge.timezone, day, hour), lodge.timezone).replace('T', ' ')
  const cabinAt = (day: number, hour: number) =>
    toZonedInputValue(localDayAt(cabin.timezone, day, hour), cabin.timezone).replace('T', ' ')
  const rows = [
    ['DEMO-1001', 'Hannah Becker', lodge.name, 'Front door;Unit 2A', lodgeAt(-1, 16), lodgeAt(3, 11)],
    ['DEMO-1002', 'Ben Okafor', lodge.name, 'Front door;Garage;Unit 1B', lodgeAt(2, 15), lodgeAt(6, 10)],
    ['DEMO-1003', 'The Nakamura family', lodge.name, 'Front door;Back door;Unit 2B', lodgeAt(5, 16), lodgeAt(9, 11)],
    ['DEMO-2001', 'Jonas Weber', cabin.name, 'Cabin front door;Cabin side door', cabinAt(1, 15), cabinAt(3, 10)],
    ['DEMO-2002', 'Sofia Almeida', cabin.name, 'Cabin front door;Boathouse', cabinAt(5, 15), cabinAt(8, 10)],
  ]
  const csv = ['reservation_key,guest_name,property,locks,check_in,check_out', ...rows.map((r) => r.join(','))].join(
    '\n',
  )
  const imported = await importStays(ctx, importStaysInput.parse({ csv }))
  for (const row of imported.rows)
    if (row.action === 'error')
      console.warn(
        `Demo stay ${row.reservation_key ?? '?'} not imported: ${row.problems.map((p) => p.message).join(' ')}`,
      )
  // The cabin's side door loses its Wi-Fi the day before Jonas Weber arrives.
  const sideDoor = await store.db
    .selectFrom('devices')
    .select('device_id')
    .where('workspace_id', '=', workspaceId)
    .where('display_name', '=', 'Cabin side door')
    .executeTakeFirst()
  if (sideDoor !== undefined) await simulateDisconnect(ctx, sideDoor.device_id)
  console.log(`Imported ${imported.summary.create} demo guest stays.`)
}

async function main(): Promise<void> {
  const env = parseEnv()
  const demoFile = path.join(env.DATA_DIR, 'demo.json')
  const store = await openStore(storeConfigFromEnv(env))
  try {
    if (fs.existsSync(demoFile)) {
      const existing = JSON.parse(fs.readFileSync(demoFile, 'utf8')) as DemoFile
      const workspace = await findWorkspace(store.db, existing.workspace_id)
      if (workspace !== undefined && (await workspaceForApiKey(store.db, existing.api_key)) === existing.workspace_id) {
        if (existing.user === undefined || process.env.DEMO_PASSWORD !== undefined) {
          existing.user = await createDemoUser(store.db, existing.workspace_id)
          fs.writeFileSync(demoFile, `${JSON.stringify(existing, null, 2)}\n`, { mode: 0o600 })
        }
        await seedDemoStays(store, existing.workspace_id)
        console.log(`Demo workspace "${workspace.name}" already exists (${demoFile}).`)
        return
      }
      console.log(`${demoFile} names a workspace or key this store does not have: creating a new demo workspace.`)
    }

    const [first, ...others] = demoProperties
    const created = await createWorkspace(store.db, systemClock, {
      name: WORKSPACE_NAME,
      propertyName: first.name,
      timezone: first.timezone,
    })
    const ctx: ServiceContext = { db: store.db, clock: systemClock, workspaceId: created.workspace_id }
    const propertyIds = [created.property_id]
    for (const property of others) {
      propertyIds.push(
        await createProperty(store.db, systemClock, created.workspace_id, property.name, property.timezone),
      )
    }

    const properties: DemoFile['properties'] = []
    for (const [index, property] of demoProperties.entries()) {
      const propertyId = propertyIds[index] ?? ''
      const deviceIds: string[] = []
      for (const [brand, displayName] of property.locks) {
        const profile = profileFor(brand)
        if (profile === undefined) throw new Error(`no sandbox profile for ${brand}`)
        deviceIds.push(
          await addSandboxDevice(store.db, systemClock, {
            workspaceId: created.workspace_id,
            propertyId,
            profile,
            displayName,
          }),
        )
      }
      properties.push({
        property_id: propertyId,
        name: property.name,
        timezone: property.timezone,
        device_ids: deviceIds,
      })
    }

    // First, while the other properties have no codes yet: its reconciler then has only Pine Street to work on.
    properties.push(await seedTroubledProperty(store, created.workspace_id))

    const [lodge, cabin] = properties
    if (lodge === undefined || cabin === undefined) throw new Error('demo properties missing')
    const [frontDoor, backDoor, , unit1a] = lodge.device_ids
    const [cabinFront] = cabin.device_ids
    if (frontDoor === undefined || backDoor === undefined || unit1a === undefined || cabinFront === undefined) {
      throw new Error('demo locks missing')
    }

    // The cleaning crew shares one ongoing PIN across the lodge's doors.
    await createMultipleAccessCodes(
      ctx,
      createMultipleAccessCodesInput.parse({
        device_ids: [frontDoor, backDoor, unit1a],
        name: 'Cleaner',
        code: '2580',
      }),
    )
    // A guest in the lodge right now (check-in yesterday 16:00, check-out in two days 11:00, Denver time) …
    await createAccessCode(
      ctx,
      createAccessCodeInput.parse({
        device_id: frontDoor,
        name: 'Ramirez family stay',
        starts_at: localDayAt(lodge.timezone, -1, 16),
        ends_at: localDayAt(lodge.timezone, 2, 11),
      }),
    )
    // … and the next one, with backup codes ready in case the PIN does not reach the lock in time.
    await createAccessCode(
      ctx,
      createAccessCodeInput.parse({
        device_id: frontDoor,
        name: 'Chen stay',
        starts_at: localDayAt(lodge.timezone, 3, 16),
        ends_at: localDayAt(lodge.timezone, 7, 11),
        use_backup_access_code_pool: true,
      }),
    )
    // At the cabin, on Lisbon time: a caretaker's ongoing code and a weekend stay.
    await createAccessCode(ctx, createAccessCodeInput.parse({ device_id: cabinFront, name: 'Caretaker' }))
    await createAccessCode(
      ctx,
      createAccessCodeInput.parse({
        device_id: cabinFront,
        name: 'Silva weekend',
        starts_at: localDayAt(cabin.timezone, 1, 15),
        ends_at: localDayAt(cabin.timezone, 3, 10),
      }),
    )

    await seedDemoStays(store, created.workspace_id)

    const demo: DemoFile = {
      user: await createDemoUser(store.db, created.workspace_id),
      workspace_id: created.workspace_id,
      workspace_name: WORKSPACE_NAME,
      api_key: created.api_key,
      properties,
      created_at: systemClock.now().toISOString(),
    }
    fs.mkdirSync(env.DATA_DIR, { recursive: true })
    fs.writeFileSync(demoFile, `${JSON.stringify(demo, null, 2)}\n`, { mode: 0o600 })
    const lockCount = properties.reduce((n, p) => n + p.device_ids.length, 0)
    const { codes } = await store.db
      .selectFrom('access_codes')
      .select((eb) => eb.fn.countAll<number>().as('codes'))
      .where('workspace_id', '=', created.workspace_id)
      .where('is_backup', '=', 0)
      .executeTakeFirstOrThrow()
    console.log(
      `Created demo workspace "${WORKSPACE_NAME}": ${properties.length} properties, ${lockCount} sandbox locks, ${Number(codes)} access codes (${demoFile}).`,
    )
  } finally {
    await store.close()
  }
}

main().catch((error: unknown) => {
  console.error(`seed-demo: ${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 1
})
