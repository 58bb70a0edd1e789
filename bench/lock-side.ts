// npm run bench:lock-side — the lock side under a burst, in the server as `npm start` ships it: many time-bound codes on
// many sandbox locks whose windows open within the same minute, programmed by the web server's reconciler thread
// while the API is being used. Reports how long after starts_at each code reaches `set` (beyond the lock's own
// simulated latency), the API's latencies before and during the burst, and the server's CPU once nothing is due.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { createAccessCode } from '@/lib/access-codes/create-access-code'
import type { ServiceContext } from '@/lib/context'
import { openStore, type Store } from '@/lib/db/connection'
import { addSandboxDevice } from '@/lib/devices/add-sandbox-device'
import { sandboxLockProfiles } from '@/lib/locks/sandbox-profiles'
import { systemClock } from '@/lib/time/clock'
import { createWorkspace } from '@/lib/workspaces/create-workspace'
import { ApiClient, jsonOf, stringField } from './client'
import { cpuTimeMs, ensureBuild, freePort, RssSampler, startServer, stopServer, type RunningServer } from './server'
import { median, percentile, round } from './stats'

const ROOT = path.resolve(__dirname, '..')
const DEVICES = Number(process.env.BENCH_LOCK_DEVICES ?? 500)
const CODES = Number(process.env.BENCH_LOCK_CODES ?? 10_000)
const LEAD_S = Number(process.env.BENCH_LOCK_LEAD_S ?? 120)
/** Over how many seconds the windows open (the issue: within the same minute). */
const SPREAD_S = Number(process.env.BENCH_LOCK_SPREAD_S ?? 60)
/** Codes on the lock whose list the API probe reads, as in `npm run bench`. */
const PROBE_CODES = 1_000
const IDLE_S = 10
const DEADLINE_MS = 10 * 60_000
// The target: every code set within 1 s of its starts_at beyond the lock's own latency (p99).
const TARGETS = { p99LagBeyondLatencyMs: 1_000, idleCpuPercent: 2, peakRssMb: 250 }

const log = (line: string): void => console.log(`[lock-side] ${line}`)

interface Seeded {
  apiKey: string
  startsOf: Map<string, number>
  latencyOf: Map<string, number>
  listDeviceId: string
  createDeviceId: string
}

/** The workspace, straight in the store the server will open: locks, the burst's codes, and the API probe's locks. */
async function seed(store: Store, opensAt: number): Promise<Seeded> {
  const clock = systemClock
  const workspace = await createWorkspace(store.db, clock, { name: 'Bench', sandboxDevices: 0 })
  // Only brands without native scheduling: they are programmed at starts_at, the case that has to be fast.
  // (Natively scheduling locks take their codes hours ahead and just activate them.)
  const profiles = sandboxLockProfiles.filter((p) => !p.supportsNativeScheduling)
  const deviceIds: string[] = []
  const latencyOfDevice = new Map<string, number>()
  for (let i = 0; i < DEVICES; i++) {
    const profile = profiles[i % profiles.length]
    if (profile === undefined) throw new Error('no profile')
    const id = await addSandboxDevice(store.db, clock, {
      workspaceId: workspace.workspace_id,
      propertyId: workspace.property_id,
      profile,
      displayName: `Bench lock ${i + 1}`,
    })
    deviceIds.push(id)
    latencyOfDevice.set(id, profile.latencyMs)
  }
  const probeProfile = profiles[0]
  if (probeProfile === undefined) throw new Error('no profile')
  const [listDeviceId, createDeviceId] = await Promise.all(
    ['Probe list', 'Probe create'].map((displayName) =>
      addSandboxDevice(store.db, clock, {
        workspaceId: workspace.workspace_id,
        propertyId: workspace.property_id,
        profile: probeProfile,
        displayName,
      }),
    ),
  )
  if (listDeviceId === undefined || createDeviceId === undefined) throw new Error('no probe locks')
  const ctx: ServiceContext = { db: store.db, clock, workspaceId: workspace.workspace_id }
  // The probe's codes open in a month: the lock side has nothing to do for them, so what the probe meets is the
  // burst's work, and once the burst is done nothing is due.
  for (let i = 0; i < PROBE_CODES; i++)
    await createAccessCode(ctx, { device_id: listDeviceId, name: `Probe guest ${i + 1}`, ...PROBE_WINDOW })
  const startsOf = new Map<string, number>()
  const latencyOf = new Map<string, number>()
  for (let i = 0; i < CODES; i++) {
    const deviceId = deviceIds[i % deviceIds.length] ?? ''
    // Windows open spread over one minute.
    const startsAt = opensAt + Math.floor((i / CODES) * SPREAD_S * 1_000)
    const { access_code } = await createAccessCode(ctx, {
      device_id: deviceId,
      name: `Guest ${i + 1}`,
      starts_at: new Date(startsAt).toISOString(),
      ends_at: new Date(startsAt + 3 * 86_400_000).toISOString(),
    })
    startsOf.set(access_code.access_code_id, startsAt)
    latencyOf.set(access_code.access_code_id, latencyOfDevice.get(deviceId) ?? 0)
  }
  return { apiKey: workspace.api_key, startsOf, latencyOf, listDeviceId, createDeviceId }
}

const PROBE_WINDOW = {
  starts_at: new Date(Date.now() + 30 * 86_400_000).toISOString(),
  ends_at: new Date(Date.now() + 33 * 86_400_000).toISOString(),
}

/** Lists of the probe lock and creates on the other one, alternately and one at a time, until `until` (bounded). */
async function probe(api: ApiClient, seeded: Seeded, until: number): Promise<{ list: number[]; create: number[] }> {
  const list: number[] = []
  const create: number[] = []
  for (let i = 0; i < 100_000 && Date.now() < until; i++) {
    list.push((await api.expect('/access_codes/list', { device_id: seeded.listDeviceId })).ms)
    const body = { device_id: seeded.createDeviceId, name: `Probe ${i + 1}`, ...PROBE_WINDOW }
    const created = await api.expect('/access_codes/create', body)
    create.push(created.ms)
    // Deleted again (not timed), so the probe lock stays under the per-lock cap however long the probe runs.
    const accessCodeId = stringField(jsonOf(created).access_code, 'access_code_id')
    await api.expect('/access_codes/delete', { access_code_id: accessCodeId })
  }
  return { list, create }
}

async function main(): Promise<void> {
  ensureBuild(ROOT, log)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-bench-lock-'))
  const file = path.join(dir, 'latchkey.sqlite')
  let server: RunningServer | undefined
  let api: ApiClient | undefined
  let reader: Store | undefined
  const cleanUp = async (): Promise<void> => {
    api?.close()
    await reader?.close()
    reader = undefined
    try {
      if (server !== undefined) {
        const running = server
        server = undefined
        await stopServer(running)
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }
  const onSignal = (sig: NodeJS.Signals): void => {
    log(`${sig}: stopping the server`)
    void cleanUp().finally(() => process.exit(130))
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  try {
    const opensAt = Date.now() + LEAD_S * 1_000
    log(`seeding ${DEVICES} sandbox locks, ${CODES} time-bound codes, and a probe lock of ${PROBE_CODES} codes…`)
    const store = await openStore({ engine: 'sqlite', file })
    const seeded = await seed(store, opensAt).finally(() => store.close())

    // As `npm start` ships it: the reconciler on, in its thread; the per-key rate limit off (the probe is one key).
    server = await startServer(ROOT, dir, await freePort(), { env: { RECONCILER: 'on', API_RATE_LIMIT: 'off' } })
    const serverPid = server.serverPid
    log(`server pid ${server.pid}, ${server.baseUrl}, RECONCILER=on`)
    const rss = new RssSampler(serverPid, () => [serverPid])
    rss.start(100)
    api = new ApiClient(server.baseUrl, seeded.apiKey, 2)
    if (Date.now() > opensAt - 10_000)
      throw new Error(`Seeding took longer than the ${LEAD_S} s lead: raise BENCH_LOCK_LEAD_S`)
    const before = await probe(api, seeded, opensAt - 2_000)
    await sleep(Math.max(0, opensAt - Date.now()))
    log(`windows open from ${new Date(opensAt).toISOString()} over ${SPREAD_S} s; the API is probed meanwhile`)
    const during = await probe(api, seeded, opensAt + SPREAD_S * 1_000)

    // Measured from the store's own record (read on a connection of our own): each code's set_on_device event.
    reader = await openStore({ engine: 'sqlite', file })
    const readerDb = reader.db
    const setCount = async (): Promise<number> =>
      Number(
        (
          await readerDb
            .selectFrom('events')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('event_type', '=', 'access_code.set_on_device')
            .where('device_id', 'not in', [seeded.listDeviceId, seeded.createDeviceId])
            .executeTakeFirst()
        )?.n ?? 0,
      )
    const deadline = opensAt + SPREAD_S * 1_000 + DEADLINE_MS
    while ((await setCount()) < CODES && Date.now() < deadline) await sleep(1_000)
    const setEvents = await readerDb
      .selectFrom('events')
      .select(['access_code_id', 'occurred_at'])
      .where('event_type', '=', 'access_code.set_on_device')
      .execute()
    const lags: number[] = []
    const lagsBeyondLatency: number[] = []
    const perSecond = new Map<number, number>()
    for (const event of setEvents) {
      const id = event.access_code_id ?? ''
      const startsAt = seeded.startsOf.get(id)
      if (startsAt === undefined) continue
      const at = new Date(event.occurred_at).getTime()
      lags.push(at - startsAt)
      lagsBeyondLatency.push(at - startsAt - (seeded.latencyOf.get(id) ?? 0) * 1.1)
      const second = Math.floor(at / 1_000)
      perSecond.set(second, (perSecond.get(second) ?? 0) + 1)
    }

    // Idle: every window is open and the next work (the probe's codes) a month away — the server should sleep.
    await sleep(5_000)
    const cpuBefore = cpuTimeMs(serverPid)
    await sleep(IDLE_S * 1_000)
    const idleCpuPercent = ((cpuTimeMs(serverPid) - cpuBefore) / (IDLE_S * 1_000)) * 100
    rss.stop()

    const results = {
      devices: DEVICES,
      codes: CODES,
      codes_set: lags.length,
      lag_ms: {
        p50: round(percentile(lags, 0.5), 0),
        p99: round(percentile(lags, 0.99), 0),
        max: round(Math.max(...lags), 0),
      },
      lag_beyond_latency_ms: {
        p50: round(percentile(lagsBeyondLatency, 0.5), 0),
        p99: round(percentile(lagsBeyondLatency, 0.99), 0),
      },
      peak_codes_set_per_second: Math.max(0, ...perSecond.values()),
      api: {
        before: { list_ms: round(median(before.list)), create_ms: round(median(before.create)), n: before.list.length },
        during: { list_ms: round(median(during.list)), create_ms: round(median(during.create)), n: during.list.length },
      },
      idle_cpu_percent: round(idleCpuPercent, 2),
      peak_rss_mb: round(Math.max(rss.peakHwmKb, rss.peakRssKb) / 1024, 0),
    }
    const pass = (ok: boolean): string => (ok ? 'PASS' : 'MISS')
    console.log('\nLock side under a burst of opening windows (as npm start serves it, reconciler on)')
    console.log(`  codes set                      ${results.codes_set} / ${CODES} on ${DEVICES} locks`)
    console.log(
      `  lag after starts_at            p50 ${results.lag_ms.p50} ms, p99 ${results.lag_ms.p99} ms (includes the lock's own 1.5–3 s)`,
    )
    console.log(
      `  lag beyond the lock's latency  p50 ${results.lag_beyond_latency_ms.p50} ms, p99 ${results.lag_beyond_latency_ms.p99} ms   target p99 ≤ ${TARGETS.p99LagBeyondLatencyMs} ms  ${pass(results.codes_set === CODES && results.lag_beyond_latency_ms.p99 <= TARGETS.p99LagBeyondLatencyMs)}`,
    )
    console.log(`  codes set per second, peak     ${results.peak_codes_set_per_second}`)
    console.log(
      `  API, list of ${PROBE_CODES} codes (median)  before ${results.api.before.list_ms} ms, during the burst ${results.api.during.list_ms} ms`,
    )
    console.log(
      `  API, create (median)            before ${results.api.before.create_ms} ms, during the burst ${results.api.during.create_ms} ms`,
    )
    console.log(
      `  server CPU when nothing is due ${results.idle_cpu_percent} % of a core   target ≤ ${TARGETS.idleCpuPercent} %  ${pass(results.idle_cpu_percent <= TARGETS.idleCpuPercent)}`,
    )
    console.log(
      `  server peak RSS                ${results.peak_rss_mb} MB   target ≤ ${TARGETS.peakRssMb} MB  ${pass(results.peak_rss_mb <= TARGETS.peakRssMb)}`,
    )
    const out = path.join(__dirname, 'results')
    fs.mkdirSync(out, { recursive: true })
    fs.writeFileSync(path.join(out, 'lock-side.json'), `${JSON.stringify(results, null, 2)}\n`)
  } finally {
    await cleanUp()
    process.removeListener('SIGINT', onSignal)
    process.removeListener('SIGTERM', onSignal)
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`[lock-side] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
    process.exit(1)
  },
)
