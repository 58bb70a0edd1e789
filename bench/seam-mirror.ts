// npm run bench:seam — the mirror lag of a Seam-backed workspace: how long after a code's status changes in Seam
// Latchkey's API shows it. Against the built app (`next start`, as bench/run.ts starts it) and
// @seamapi/fake-seam-connect on 127.0.0.1 (tests/support/fake-seam.ts), a workspace is connected through the API,
// one code is created on each of N imported locks, and once each is `setting` in both, the fake reports them `set`:
//   - with webhooks: one at a time, each followed by the signed webhook Seam would send (tests/support/svix.ts);
//     target p99 ≤ 2 s;
//   - without: SEAM_SYNC_INTERVAL_MS=5000 and no webhook secret, the changes spread over two intervals;
//     target p99 ≤ one interval.
// The lag runs from the change in the fake to the first /access_codes/get (webhooks) or /access_codes/list (polling)
// answer that says `set`; the observer asks every 20 ms (webhooks) or 100 ms (polling).
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { openStore } from '@/lib/db/connection'
import { systemClock } from '@/lib/time/clock'
import { createWorkspace } from '@/lib/workspaces/create-workspace'
import { startFakeSeam, type FakeSeam } from '@/tests/support/fake-seam'
import { newWebhookSecret, svixHeaders } from '@/tests/support/svix'
import { ApiClient, jsonOf } from './client'
import { figureResults, printTable, type Figure } from './report'
import { ensureBuild, freePort, startServer, stopServer, type RunningServer } from './server'
import { median, percentile, round } from './stats'

const ROOT = path.resolve(__dirname, '..')
const RESULTS_FILE = path.join(ROOT, 'bench', 'results', 'seam-mirror.json')
const LOCKS = Number(process.env.BENCH_SEAM_LOCKS ?? 50)
const POLL_INTERVAL_MS = 5_000
const TARGETS = { webhookP99Ms: 2_000, pollP99Ms: POLL_INTERVAL_MS }
/** Every wait of the bench ends: setting up, and each code's lag. */
const SETUP_DEADLINE_MS = 180_000
const LAG_DEADLINE_MS = 60_000

const log = (line: string): void => console.log(`[bench:seam] ${line}`)

interface BenchCode {
  /** Latchkey's id, and the Seam code (and lock) it is mirrored from. */
  accessCodeId: string
  seamCodeId: string
  seamDeviceId: string
}

interface Phase {
  server: RunningServer
  client: ApiClient
  seam: FakeSeam
  codes: BenchCode[]
  dataDir: string
}

type Mode = 'webhooks' | 'polling'

const statusOf = (body: Record<string, unknown>): string | undefined =>
  (body.access_code as { status?: string } | undefined)?.status

/** Seam's fake with N locks, a Latchkey server connected to it through the API, and one `setting` code per lock. */
async function setUp(mode: Mode, webhookSecret: string, cleanUps: (() => Promise<void>)[]): Promise<Phase> {
  const seam = await startFakeSeam()
  cleanUps.push(() => seam.close())
  for (let i = 0; i < LOCKS; i++)
    seam.fake.database.addDevice({
      workspace_id: seam.workspaceId,
      connected_account_id: seam.connectedAccountId,
      device_type: 'august_lock',
      name: `Seam lock ${i + 1}`,
      display_name: `Seam lock ${i + 1}`,
      can_program_online_access_codes: true,
      properties: { online: true, supported_code_lengths: [4, 5, 6] } as never,
    })

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `latchkey-bench-seam-${mode}-`))
  cleanUps.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }))
  const store = await openStore({ engine: 'sqlite', file: path.join(dataDir, 'latchkey.sqlite') })
  let apiKey: string
  try {
    apiKey = (await createWorkspace(store.db, systemClock, { name: `Seam bench (${mode})`, sandboxDevices: 0 })).api_key
  } finally {
    await store.close()
  }

  const server = await startServer(ROOT, dataDir, await freePort(), {
    env: {
      RECONCILER: 'on',
      API_RATE_LIMIT: 'off',
      LATCHKEY_SECRET_KEY: crypto.randomBytes(32).toString('base64'),
      // With webhooks, the default interval (a minute): the webhook is what brings the news.
      SEAM_SYNC_INTERVAL_MS: String(mode === 'polling' ? POLL_INTERVAL_MS : 60_000),
    },
  })
  cleanUps.push(() => stopServer(server))
  log(`${mode}: next start pid ${server.pid} on ${server.baseUrl}; Seam's fake on ${seam.endpoint}`)
  const client = new ApiClient(server.baseUrl, apiKey, 8)
  cleanUps.push(async () => client.close())

  const connected = jsonOf(
    await client.expect('/seam/connect', {
      api_key: seam.apiKey,
      endpoint: seam.endpoint,
      ...(mode === 'webhooks' ? { webhook_secret: webhookSecret } : {}),
    }),
  )
  const imported = (connected.seam_connection as { locks_imported: number }).locks_imported
  if (imported !== LOCKS) throw new Error(`${imported} locks imported, not ${LOCKS}`)

  const devices = jsonOf(await client.expect('/devices/list', { limit: 1_000 })).devices as {
    device_id: string
    display_name: string
  }[]
  const seamDeviceOf = new Map(
    seam.fake.database.devices.map((d) => [(d as { display_name?: string }).display_name ?? '', d.device_id]),
  )
  const created: { accessCodeId: string; seamDeviceId: string; code: string }[] = []
  for (const [i, device] of devices.entries()) {
    const seamDeviceId = seamDeviceOf.get(device.display_name)
    if (seamDeviceId === undefined) throw new Error(`no Seam lock named ${device.display_name}`)
    const code = String(2000 + i * 7)
    const body = jsonOf(
      await client.expect('/access_codes/create', { device_id: device.device_id, code, name: `Bench ${i + 1}` }),
    )
    const accessCodeId = (body.access_code as { access_code_id: string }).access_code_id
    created.push({ accessCodeId, seamDeviceId, code })
  }

  // Latchkey hands each code to Seam (the reconciler, through the SDK); the fake holds it `setting`.
  const deadline = Date.now() + SETUP_DEADLINE_MS
  let codes: BenchCode[] = []
  while (Date.now() < deadline) {
    codes = created.flatMap((c) => {
      const inSeam = seam.fake.database.access_codes.find((s) => s.device_id === c.seamDeviceId && s.code === c.code)
      return inSeam === undefined ? [] : [{ ...c, seamCodeId: inSeam.access_code_id }]
    })
    if (codes.length === created.length) break
    await sleep(250)
  }
  if (codes.length !== created.length)
    throw new Error(`only ${codes.length} of ${created.length} codes reached Seam within ${SETUP_DEADLINE_MS} ms`)
  for (const code of codes) {
    const status = statusOf(jsonOf(await client.expect('/access_codes/get', { access_code_id: code.accessCodeId })))
    if (status !== 'setting') throw new Error(`code ${code.accessCodeId} is ${status}, not setting, before the change`)
  }
  log(`${mode}: ${codes.length} codes on ${LOCKS} locks are setting in Seam and in Latchkey`)
  return { server, client, seam, codes, dataDir }
}

const reportSet = (seam: FakeSeam, code: BenchCode): void => {
  seam.fake.database.updateAccessCode({ access_code_id: code.seamCodeId, status: 'set' })
}

/** One change at a time: the fake says `set`, Seam's webhook is delivered, and /access_codes/get is asked until set. */
async function webhookLags(phase: Phase, webhookSecret: string): Promise<number[]> {
  const lags: number[] = []
  for (const code of phase.codes) {
    const started = performance.now()
    reportSet(phase.seam, code)
    const body = JSON.stringify({
      event_id: crypto.randomUUID(),
      event_type: 'access_code.set',
      workspace_id: phase.seam.workspaceId,
      device_id: code.seamDeviceId,
      access_code_id: code.seamCodeId,
      created_at: new Date().toISOString(),
      occurred_at: new Date().toISOString(),
    })
    const delivered = await fetch(`${phase.server.baseUrl}/webhooks/seam`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...svixHeaders(webhookSecret, body, new Date()) },
      body,
      signal: AbortSignal.timeout(30_000),
    })
    const answer = await delivered.text()
    if (delivered.status !== 200) throw new Error(`/webhooks/seam answered ${delivered.status}: ${answer}`)
    const deadline = started + LAG_DEADLINE_MS
    let seenAt: number | undefined
    while (performance.now() < deadline) {
      const response = await phase.client.expect('/access_codes/get', { access_code_id: code.accessCodeId })
      if (statusOf(jsonOf(response)) === 'set') {
        seenAt = performance.now()
        break
      }
      await sleep(20)
    }
    if (seenAt === undefined) throw new Error(`code ${code.accessCodeId} was not set ${LAG_DEADLINE_MS} ms after`)
    lags.push(seenAt - started)
  }
  return lags
}

/**
 * No webhooks: the changes are spread evenly over two poll intervals (so they fall everywhere in the poll's cycle),
 * and one observer lists the changed codes every 100 ms until each shows `set`.
 */
async function pollingLags(phase: Phase): Promise<number[]> {
  const spacing = (2 * POLL_INTERVAL_MS) / phase.codes.length
  const changedAt = new Map<string, number>()
  const lags = new Map<string, number>()
  const start = performance.now()
  const changes = (async () => {
    for (const [i, code] of phase.codes.entries()) {
      const wait = start + i * spacing - performance.now()
      if (wait > 0) await sleep(wait)
      reportSet(phase.seam, code)
      changedAt.set(code.accessCodeId, performance.now())
    }
  })()
  const deadline = start + 2 * POLL_INTERVAL_MS + LAG_DEADLINE_MS
  while (lags.size < phase.codes.length && performance.now() < deadline) {
    const waiting = [...changedAt.keys()].filter((id) => !lags.has(id))
    if (waiting.length > 0) {
      const response = await phase.client.expect('/access_codes/list', { access_code_ids: waiting })
      const seenAt = performance.now()
      for (const code of jsonOf(response).access_codes as { access_code_id: string; status: string }[]) {
        const at = changedAt.get(code.access_code_id)
        if (code.status === 'set' && at !== undefined) lags.set(code.access_code_id, seenAt - at)
      }
    }
    await sleep(100)
  }
  await changes
  if (lags.size !== phase.codes.length)
    throw new Error(`${phase.codes.length - lags.size} codes were not set ${LAG_DEADLINE_MS} ms after the last change`)
  return [...lags.values()]
}

function lagFigures(mode: Mode, lags: readonly number[], targetP99: number): Figure[] {
  const label = mode === 'webhooks' ? 'with webhooks' : `polling every ${POLL_INTERVAL_MS / 1000} s, no webhooks`
  const stats = [
    ['p50', 0.5],
    ['p95', 0.95],
    ['p99', 0.99],
  ] as const
  return stats.map(([name, q]) => ({
    id: `seam_mirror_${mode}_${name}_ms`,
    label: `Seam says set → Latchkey's API says set, ${label} (${name}, ${lags.length} codes)`,
    unit: 'ms',
    value: percentile(lags, q),
    perRepetition: [percentile(lags, q)],
    ...(name === 'p99' ? { target: { op: '<=' as const, value: targetP99 } } : {}),
  }))
}

async function runPhase(mode: Mode): Promise<number[]> {
  const webhookSecret = newWebhookSecret()
  const cleanUps: (() => Promise<void>)[] = []
  try {
    const phase = await setUp(mode, webhookSecret, cleanUps)
    const lags = mode === 'webhooks' ? await webhookLags(phase, webhookSecret) : await pollingLags(phase)
    log(
      `${mode}: median ${round(median(lags), 0)} ms, p99 ${round(percentile(lags, 0.99), 0)} ms, ` +
        `max ${round(Math.max(...lags), 0)} ms`,
    )
    return lags
  } finally {
    for (const cleanUp of cleanUps.reverse()) await cleanUp().catch((error: unknown) => log(`clean-up: ${error}`))
  }
}

async function main(): Promise<void> {
  ensureBuild(ROOT, log)
  const webhooks = await runPhase('webhooks')
  const polling = await runPhase('polling')
  const figures = [
    ...lagFigures('webhooks', webhooks, TARGETS.webhookP99Ms),
    ...lagFigures('polling', polling, TARGETS.pollP99Ms),
  ]
  console.log(`\nSeam mirror lag (${LOCKS} codes on ${LOCKS} Seam locks, Seam's fake on 127.0.0.1)`)
  printTable(figures)
  fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true })
  fs.writeFileSync(
    RESULTS_FILE,
    `${JSON.stringify({ finished_at: new Date().toISOString(), figures: figureResults(figures) }, null, 2)}\n`,
  )
  log(`results in ${path.relative(ROOT, RESULTS_FILE)}`)
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
