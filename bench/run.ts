// npm run bench — start the built app on a fresh embedded store and measure the API over keep-alive HTTP.
import { randomInt } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { ApiClient, jsonOf, stringField, type CallOptions } from './client'
import { MULTI_DEVICES, seedWorkspace } from './seed'
import {
  cpuTimeMs,
  ensureBuild,
  freePort,
  processTree,
  RssSampler,
  startServer,
  stopServer,
  type RunningServer,
} from './server'
import { median, round, summarize } from './stats'

const ROOT = path.resolve(__dirname, '..')
const RESULTS_FILE = path.join(ROOT, 'bench', 'results', 'latest.json')

function intSetting(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < min || value > max)
    throw new Error(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`)
  return value
}

function reconcilerSetting(): 'on' | 'off' {
  const raw = process.env.BENCH_RECONCILER ?? 'off'
  if (raw !== 'on' && raw !== 'off') throw new Error(`BENCH_RECONCILER must be "on" or "off" (got "${raw}")`)
  return raw
}

const settings = {
  // Off by default: the bench measures the API; with it on, the web server also programs every new code onto its
  // sandbox lock in the background (see bench/README.md).
  reconciler: reconcilerSetting(),
  repetitions: intSetting('BENCH_REPS', 3, 1, 10),
  creates: intSetting('BENCH_CREATES', 1_000, 10, 5_000),
  multiCalls: intSetting('BENCH_MULTI_CALLS', 30, 1, 200),
  listRequests: intSetting('BENCH_LIST_REQUESTS', 200, 10, 5_000),
  clients: intSetting('BENCH_CLIENTS', 10, 1, 100),
  throughputSeconds: intSetting('BENCH_SECONDS', 10, 1, 60),
}

const log = (line: string): void => console.log(`[bench] ${line}`)

interface Target {
  op: '<=' | '>='
  value: number
}

interface Figure {
  id: string
  label: string
  unit: string
  value: number
  perRepetition: number[]
  target?: Target
}

const meets = (value: number, target: Target): boolean =>
  target.op === '<=' ? value <= target.value : value >= target.value

/** Fresh random six-digit PINs that every sandbox brand accepts (no 0, not 12…, ≥3 distinct digits, no run). */
class SharedPinSource {
  readonly #used = new Set<string>()

  /** PINs the server generated are off limits too: a given PIN must not collide with them. */
  markUsed(pin: string): void {
    this.#used.add(pin)
  }

  next(): string {
    for (let attempt = 0; attempt < 10_000; attempt++) {
      const pin = Array.from({ length: 6 }, () => String(randomInt(1, 10))).join('')
      const run = (step: number): boolean =>
        [...pin].every((d, i) => i === 0 || Number(d) - Number(pin[i - 1]) === step)
      if (pin.startsWith('12') || new Set(pin).size < 3 || run(1) || run(-1) || this.#used.has(pin)) continue
      this.#used.add(pin)
      return pin
    }
    throw new Error('ran out of shared PINs')
  }
}

/** `count` sequential creates on one device; returns per-request ms. */
async function sequentialCreates(client: ApiClient, deviceId: string, count: number, label: string): Promise<number[]> {
  const ms: number[] = []
  for (let i = 0; i < count; i++) {
    const response = await client.expect('/access_codes/create', { device_id: deviceId, name: `${label} ${i + 1}` })
    ms.push(response.ms)
  }
  return ms
}

async function createMultipleCalls(
  client: ApiClient,
  deviceIds: readonly string[],
  calls: number,
  pins: SharedPinSource,
  pinSource: 'server' | 'client',
  label: string,
): Promise<number[]> {
  const ms: number[] = []
  for (let i = 0; i < calls; i++) {
    const body: Record<string, unknown> = { device_ids: deviceIds, name: `${label} ${i + 1}` }
    if (pinSource === 'client') body.code = pins.next()
    const response = await client.expect('/access_codes/create_multiple', body)
    const codes = jsonOf(response).access_codes
    if (!Array.isArray(codes) || codes.length !== deviceIds.length)
      throw new Error(
        `create_multiple made ${Array.isArray(codes) ? codes.length : 0} codes, expected ${deviceIds.length}`,
      )
    for (const code of codes) pins.markUsed(stringField(code, 'code'))
    ms.push(response.ms)
  }
  return ms
}

/** Makes the device's next list a cache miss without changing what it holds: one create and its delete. */
async function invalidateList(client: ApiClient, deviceId: string): Promise<void> {
  const created = jsonOf(
    await client.expect('/access_codes/create', { device_id: deviceId, name: 'Bench invalidation' }),
  )
  const accessCodeId = stringField(created.access_code, 'access_code_id')
  await client.expect('/access_codes/delete', { access_code_id: accessCodeId })
}

interface ThroughputResult {
  requestsPerSecond: number
  requests: number
  seconds: number
  medianMs: number
}

/** `clients` loops sending the same list request for `seconds` (and at most 1,000,000 requests in all). */
async function listThroughput(
  client: ApiClient,
  deviceId: string,
  clients: number,
  seconds: number,
  options: CallOptions,
  expected: number,
): Promise<ThroughputResult> {
  const started = performance.now()
  const deadline = started + seconds * 1_000
  const perClientCap = Math.ceil(1_000_000 / clients)
  const latencies: number[] = []
  let requests = 0
  const worker = async (): Promise<void> => {
    for (let i = 0; i < perClientCap && performance.now() < deadline; i++) {
      const response = await client.call('/access_codes/list', { device_id: deviceId }, options)
      if (response.status !== expected)
        throw new Error(
          `list answered ${response.status} under load, expected ${expected}: ${response.body.toString('utf8').slice(0, 300)}`,
        )
      requests++
      if (latencies.length < 200_000) latencies.push(response.ms)
    }
  }
  await Promise.all(Array.from({ length: clients }, () => worker()))
  const elapsed = (performance.now() - started) / 1_000
  return { requestsPerSecond: requests / elapsed, requests, seconds: elapsed, medianMs: median(latencies) }
}

/** Runs `work` and returns its result with the server's CPU time (user + system) spent meanwhile, in ms. */
async function measuringServerCpu<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; cpuMs: number }> {
  const before = cpuTimeMs(pid)
  const result = await work()
  return { result, cpuMs: cpuTimeMs(pid) - before }
}

function printTable(figures: readonly Figure[]): void {
  const rows = figures.map((f) => {
    const value = `${round(f.value, f.unit === 'req/s' || f.unit === 'MB' ? 0 : 2)} ${f.unit}`
    const target = f.target === undefined ? '—' : `${f.target.op === '<=' ? '≤' : '≥'} ${f.target.value} ${f.unit}`
    const verdict = f.target === undefined ? 'info' : meets(f.value, f.target) ? 'PASS' : 'MISS'
    const reps = f.perRepetition.map((v) => round(v, f.unit === 'req/s' || f.unit === 'MB' ? 0 : 2)).join(' / ')
    return [f.label, value, target, verdict, reps]
  })
  const header = ['Figure', 'Median', 'Target', 'Result', 'Per repetition']
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ')
  console.log('')
  console.log(line(header))
  console.log(widths.map((w) => '-'.repeat(w)).join('  '))
  for (const row of rows) console.log(line(row))
  console.log('')
}

async function main(): Promise<void> {
  const startedAt = new Date()
  ensureBuild(ROOT, log)
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-bench-'))
  let server: RunningServer | undefined
  let client: ApiClient | undefined
  const cleanUp = async (): Promise<void> => {
    client?.close()
    try {
      if (server !== undefined) {
        const running = server
        server = undefined
        await stopServer(running)
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  }
  const onSignal = (sig: NodeJS.Signals): void => {
    log(`${sig}: stopping the server`)
    void cleanUp().finally(() => process.exit(130))
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)

  try {
    const reps = settings.repetitions
    const loadBefore = os.loadavg()
    if ((loadBefore[0] ?? 0) > 0.5) {
      log(
        `WARNING: load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')} before the run: other work shares the CPUs, so latencies and req/s will be worse than on an idle machine; the "server CPU" lines vary less from run to run`,
      )
    }
    log(`DATA_DIR ${dataDir}; seeding a workspace`)
    const workspace = await seedWorkspace(dataDir, reps)
    const port = await freePort()
    // e.g. BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the server (NODE_OPTIONS refuses --cpu-prof)
    const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(/\s+/).filter((a) => a !== '')
    server = await startServer(ROOT, dataDir, port, { nodeArgs, env: { RECONCILER: settings.reconciler } })
    log(
      `next start pid ${server.pid}, listening pid ${server.serverPid}, ${server.baseUrl}, RECONCILER=${settings.reconciler}`,
    )
    const treePids = processTree(server.pid)
    const rss = new RssSampler(server.serverPid, () => treePids)
    rss.start(100)
    client = new ApiClient(server.baseUrl, workspace.apiKey, settings.clients + 2)
    const api = client
    const pins = new SharedPinSource()

    log(`server up: ${rss.describe()}`)
    log('warming up')
    await sequentialCreates(api, workspace.warmupDeviceId, 200, 'Warm-up')
    await createMultipleCalls(api, workspace.multiDeviceIds, 3, pins, 'server', 'Warm-up shared')
    await createMultipleCalls(api, workspace.multiDeviceIds, 3, pins, 'client', 'Warm-up given')
    for (let i = 0; i < 50; i++) await api.expect('/access_codes/list', { device_id: workspace.warmupDeviceId })

    log(`warmed up: ${rss.describe()}`)
    const serverPid = server.serverPid
    const createMs: number[] = []
    const createCpu: number[] = []
    const createP95: number[] = []
    for (const [rep, deviceId] of workspace.createDeviceIds.entries()) {
      const run = await measuringServerCpu(serverPid, () =>
        sequentialCreates(api, deviceId, settings.creates, `Guest r${rep + 1}`),
      )
      const s = summarize(run.result)
      const cpu = run.cpuMs / settings.creates
      log(
        `create       rep ${rep + 1}: median ${round(s.median)} ms, p95 ${round(s.p95)} ms, max ${round(s.max)} ms; server CPU ${round(cpu)} ms/request`,
      )
      createCpu.push(cpu)
      createMs.push(s.median)
      createP95.push(s.p95)
    }

    log(`after the creates: ${rss.describe()}`)
    const multiGenerated: number[] = []
    const multiGiven: number[] = []
    const multiGeneratedCpu: number[] = []
    const multiGivenCpu: number[] = []
    for (let rep = 0; rep < reps; rep++) {
      const generatedRun = await measuringServerCpu(serverPid, () =>
        createMultipleCalls(api, workspace.multiDeviceIds, settings.multiCalls, pins, 'server', `Shared r${rep + 1}`),
      )
      const givenRun = await measuringServerCpu(serverPid, () =>
        createMultipleCalls(api, workspace.multiDeviceIds, settings.multiCalls, pins, 'client', `Given r${rep + 1}`),
      )
      const generated = summarize(generatedRun.result)
      const given = summarize(givenRun.result)
      multiGeneratedCpu.push(generatedRun.cpuMs / settings.multiCalls)
      multiGivenCpu.push(givenRun.cpuMs / settings.multiCalls)
      log(
        `create_multiple rep ${rep + 1}: generated PIN median ${round(generated.median)} ms (p95 ${round(generated.p95)}, server CPU ${round(generatedRun.cpuMs / settings.multiCalls)} ms), ` +
          `given PIN median ${round(given.median)} ms (p95 ${round(given.p95)}, server CPU ${round(givenRun.cpuMs / settings.multiCalls)} ms)`,
      )
      multiGenerated.push(generated.median)
      multiGiven.push(given.median)
    }

    log(`after create_multiple: ${rss.describe()}`)
    const listDevice = workspace.createDeviceIds[0]
    if (listDevice === undefined) throw new Error('no device for the list scenario')
    const first = jsonOf(await api.expect('/access_codes/list', { device_id: listDevice }))
    const held = Array.isArray(first.access_codes) ? first.access_codes.length : 0
    if (held !== settings.creates) throw new Error(`the list device holds ${held} codes, expected ${settings.creates}`)
    const listMedian: number[] = []
    const listP95: number[] = []
    const listCold: number[] = []
    const listCpu: number[] = []
    let listBytes = 0
    for (let rep = 0; rep < reps; rep++) {
      await invalidateList(api, listDevice)
      const cold = await api.expect('/access_codes/list', { device_id: listDevice })
      listCold.push(cold.ms)
      listBytes = cold.body.length
      const run = await measuringServerCpu(serverPid, async () => {
        const ms: number[] = []
        for (let i = 0; i < settings.listRequests; i++)
          ms.push((await api.expect('/access_codes/list', { device_id: listDevice })).ms)
        return ms
      })
      const s = summarize(run.result)
      const cpu = run.cpuMs / settings.listRequests
      listCpu.push(cpu)
      log(
        `list         rep ${rep + 1}: cold ${round(cold.ms)} ms, median ${round(s.median)} ms, p95 ${round(s.p95)} ms (${cold.body.length} bytes); server CPU ${round(cpu)} ms/request`,
      )
      listMedian.push(s.median)
      listP95.push(s.p95)
    }

    log(`after the lists: ${rss.describe()}`)
    const etag = (await api.expect('/access_codes/list', { device_id: listDevice })).etag
    if (etag === undefined) throw new Error('list sent no ETag')
    await api.expect('/access_codes/list', { device_id: listDevice }, 304, { ifNoneMatch: etag })
    const plainRps: number[] = []
    const pollerRps: number[] = []
    const plainCpu: number[] = []
    const pollerCpu: number[] = []
    for (let rep = 0; rep < reps; rep++) {
      const plainRun = await measuringServerCpu(serverPid, () =>
        listThroughput(api, listDevice, settings.clients, settings.throughputSeconds, {}, 200),
      )
      const polledRun = await measuringServerCpu(serverPid, () =>
        listThroughput(api, listDevice, settings.clients, settings.throughputSeconds, { ifNoneMatch: etag }, 304),
      )
      const plain = plainRun.result
      const polled = polledRun.result
      plainCpu.push(plainRun.cpuMs / plain.requests)
      pollerCpu.push(polledRun.cpuMs / polled.requests)
      log(
        `throughput   rep ${rep + 1}: plain ${round(plain.requestsPerSecond, 0)} req/s (median ${round(plain.medianMs)} ms, server CPU ${round(plainRun.cpuMs / plain.requests)} ms/request), ` +
          `If-None-Match ${round(polled.requestsPerSecond, 0)} req/s (median ${round(polled.medianMs)} ms, server CPU ${round(polledRun.cpuMs / polled.requests)} ms/request)`,
      )
      plainRps.push(plain.requestsPerSecond)
      pollerRps.push(polled.requestsPerSecond)
    }
    log(`after the throughput runs: ${rss.describe()}`)
    // The target covers the scenarios above; the gzip run below (zlib's own buffers) is reported on its own line.
    const scenariosPeakKb = Math.max(rss.peakHwmKb, rss.peakRssKb)
    // What clients that accept gzip (axios, and so the seam SDK) get: Next compresses each response itself.
    const gzip = await listThroughput(
      api,
      listDevice,
      settings.clients,
      Math.min(5, settings.throughputSeconds),
      { acceptEncoding: 'gzip, deflate, br' },
      200,
    )
    log(
      `throughput   with Accept-Encoding gzip: ${round(gzip.requestsPerSecond, 0)} req/s (median ${round(gzip.medianMs)} ms)`,
    )

    log(`after the gzip run: ${rss.describe()}`)
    rss.stop()
    const mb = (kb: number): number => kb / 1024
    const peakMb = mb(scenariosPeakKb)
    const peakWithGzipMb = mb(Math.max(rss.peakHwmKb, rss.peakRssKb))

    const figures: Figure[] = [
      {
        id: 'create_ms',
        label: `create, ${settings.creates} sequential on one device (median)`,
        unit: 'ms',
        value: median(createMs),
        perRepetition: createMs,
        target: { op: '<=', value: 1.5 },
      },
      { id: 'create_p95_ms', label: 'create, p95', unit: 'ms', value: median(createP95), perRepetition: createP95 },
      {
        id: 'create_multiple_generated_ms',
        label: `create_multiple on ${MULTI_DEVICES} devices, generated PIN`,
        unit: 'ms',
        value: median(multiGenerated),
        perRepetition: multiGenerated,
        target: { op: '<=', value: 5 },
      },
      {
        id: 'create_multiple_given_ms',
        label: `create_multiple on ${MULTI_DEVICES} devices, given PIN`,
        unit: 'ms',
        value: median(multiGiven),
        perRepetition: multiGiven,
        target: { op: '<=', value: 5 },
      },
      {
        id: 'list_ms',
        label: `list of ${settings.creates} codes (median)`,
        unit: 'ms',
        value: median(listMedian),
        perRepetition: listMedian,
        target: { op: '<=', value: 7 },
      },
      {
        id: 'list_p95_ms',
        label: `list of ${settings.creates} codes (p95)`,
        unit: 'ms',
        value: median(listP95),
        perRepetition: listP95,
      },
      {
        id: 'list_cold_ms',
        label: 'list after a write (cache miss)',
        unit: 'ms',
        value: median(listCold),
        perRepetition: listCold,
      },
      {
        id: 'list_rps',
        label: `list throughput, ${settings.clients} clients`,
        unit: 'req/s',
        value: median(plainRps),
        perRepetition: plainRps,
        target: { op: '>=', value: 300 },
      },
      {
        id: 'list_304_rps',
        label: `list throughput, ${settings.clients} If-None-Match pollers`,
        unit: 'req/s',
        value: median(pollerRps),
        perRepetition: pollerRps,
        target: { op: '>=', value: 300 },
      },
      {
        id: 'list_gzip_rps',
        label: `list throughput, ${settings.clients} clients, gzip`,
        unit: 'req/s',
        value: gzip.requestsPerSecond,
        perRepetition: [gzip.requestsPerSecond],
      },
      {
        id: 'create_cpu_ms',
        label: 'server CPU per create',
        unit: 'ms',
        value: median(createCpu),
        perRepetition: createCpu,
      },
      {
        id: 'create_multiple_generated_cpu_ms',
        label: 'server CPU per create_multiple, generated PIN',
        unit: 'ms',
        value: median(multiGeneratedCpu),
        perRepetition: multiGeneratedCpu,
      },
      {
        id: 'create_multiple_given_cpu_ms',
        label: 'server CPU per create_multiple, given PIN',
        unit: 'ms',
        value: median(multiGivenCpu),
        perRepetition: multiGivenCpu,
      },
      {
        id: 'list_cpu_ms',
        label: 'server CPU per list (sequential)',
        unit: 'ms',
        value: median(listCpu),
        perRepetition: listCpu,
      },
      {
        id: 'list_load_cpu_ms',
        label: `server CPU per list (${settings.clients} clients)`,
        unit: 'ms',
        value: median(plainCpu),
        perRepetition: plainCpu,
      },
      {
        id: 'list_304_cpu_ms',
        label: 'server CPU per 304',
        unit: 'ms',
        value: median(pollerCpu),
        perRepetition: pollerCpu,
      },
      {
        id: 'peak_rss_mb',
        label: 'server peak RSS (VmHWM), scenarios a–d',
        unit: 'MB',
        value: peakMb,
        perRepetition: [peakMb],
        target: { op: '<=', value: 250 },
      },
      {
        id: 'peak_rss_with_gzip_mb',
        label: 'server peak RSS, including the gzip run',
        unit: 'MB',
        value: peakWithGzipMb,
        perRepetition: [peakWithGzipMb],
      },
    ]
    if (server.serverPid !== server.pid) {
      figures.push({
        id: 'tree_rss_mb',
        label: 'peak RSS, whole process tree',
        unit: 'MB',
        value: mb(rss.peakTreeRssKb),
        perRepetition: [mb(rss.peakTreeRssKb)],
      })
    }
    printTable(figures)

    fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true })
    const results = {
      started_at: startedAt.toISOString(),
      finished_at: new Date().toISOString(),
      load_average: { before: loadBefore, after: os.loadavg() },
      machine: {
        cpus: os.cpus().length,
        cpu_model: os.cpus()[0]?.model ?? 'unknown',
        node: process.version,
        platform: `${os.platform()} ${os.release()}`,
      },
      settings,
      list_response_bytes: listBytes,
      server: { next_start_pid: server.pid, listening_pid: server.serverPid, rss_samples: rss.samples },
      figures: figures.map((f) => ({
        ...f,
        value: round(f.value, 3),
        perRepetition: f.perRepetition.map((v) => round(v, 3)),
        result: f.target === undefined ? 'info' : meets(f.value, f.target) ? 'PASS' : 'MISS',
      })),
    }
    fs.writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`)
    log(`results written to ${path.relative(ROOT, RESULTS_FILE)}`)
  } finally {
    await cleanUp()
    process.removeListener('SIGINT', onSignal)
    process.removeListener('SIGTERM', onSignal)
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
    process.exit(1)
  },
)
