// npm run bench — start the built app on a fresh embedded store and measure the API over keep-alive HTTP.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ApiClient, jsonOf } from './client'
import { figureResults, figuresOf, printTable } from './report'
import { seedWorkspace } from './seed'
import { RARE_GUEST, type SupportWorkspace } from './support-seed'
import { ensureBuild, freePort, processTree, RssSampler, startServer, stopServer, type RunningServer } from './server'
import { round, summarize } from './stats'
import {
  createMultipleCalls,
  invalidateList,
  listThroughput,
  measuringServerCpu,
  sequentialCreates,
  sequentialReads,
  SharedPinSource,
} from './workload'

const ROOT = path.resolve(__dirname, '..')
// A page of search results as the search page asks for it (SEARCH_PAGE_SIZE in lib/client/query-options.ts, a browser
// module this script cannot load).
const SEARCH_PAGE_SIZE = 50
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
  supportRequests: intSetting('BENCH_SUPPORT_REQUESTS', 100, 10, 5_000),
}

const log = (line: string): void => console.log(`[bench] ${line}`)

async function main(): Promise<void> {
  const startedAt = new Date()
  ensureBuild(ROOT, log)
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-bench-'))
  let server: RunningServer | undefined
  let client: ApiClient | undefined
  let supportClient: ApiClient | undefined
  const cleanUp = async (): Promise<void> => {
    client?.close()
    supportClient?.close()
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
    const workspace = await seedWorkspace(dataDir, reps, log)
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

    supportClient = new ApiClient(server.baseUrl, workspace.support.apiKey, 2)
    const support = await supportScenarios(supportClient, serverPid, workspace.support)

    const figures = figuresOf(
      {
        createMs,
        createP95,
        createCpu,
        multiGenerated,
        multiGiven,
        multiGeneratedCpu,
        multiGivenCpu,
        listMedian,
        listP95,
        listCold,
        listCpu,
        plainRps,
        pollerRps,
        plainCpu,
        pollerCpu,
        gzipRps: gzip.requestsPerSecond,
        peakMb,
        peakWithGzipMb,
        treeRssMb: server.serverPid !== server.pid ? mb(rss.peakTreeRssKb) : undefined,
        ...support,
      },
      settings,
    )
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
      support_workspace: {
        locks: workspace.support.locks,
        codes: workspace.support.codes,
        broken: workspace.support.broken,
        problems: support.problemCount,
      },
      server: { next_start_pid: server.pid, listening_pid: server.serverPid, rss_samples: rss.samples },
      figures: figureResults(figures),
    }
    fs.writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`)
    log(`results written to ${path.relative(ROOT, RESULTS_FILE)}`)
  } finally {
    await cleanUp()
    process.removeListener('SIGINT', onSignal)
    process.removeListener('SIGTERM', onSignal)
  }
}

/**
 * f) and g): the problems queue and the workspace-wide search, on the support workspace of 500 locks and 10,000 codes.
 * Checks first that the queue has its problems and that the searches find what they should, so a figure never
 * measures an empty answer.
 */
async function supportScenarios(api: ApiClient, serverPid: number, support: SupportWorkspace) {
  const queue = jsonOf(await api.expect('/problems/list', {}))
  const counts = queue.counts as { total?: unknown } | undefined
  const problemCount = typeof counts?.total === 'number' ? counts.total : 0
  const kinds = new Set(
    (Array.isArray(queue.problems) ? queue.problems : []).map((p: unknown) =>
      typeof p === 'object' && p !== null ? (p as Record<string, unknown>).kind : undefined,
    ),
  )
  for (const kind of ['arrival_at_risk', 'stuck_removing', 'device_offline', 'code_error', 'low_battery'])
    if (!kinds.has(kind)) throw new Error(`the support workspace's queue has no ${kind} problem on its first page`)
  const searches = {
    name: { search: RARE_GUEST },
    page: { search: support.commonGuest, limit: SEARCH_PAGE_SIZE },
    pin: { search: support.somePin, limit: SEARCH_PAGE_SIZE },
  }
  const sizeOf = async (body: Record<string, unknown>): Promise<number> => {
    const codes = jsonOf(await api.expect('/access_codes/list', body)).access_codes
    return Array.isArray(codes) ? codes.length : 0
  }
  if ((await sizeOf(searches.name)) !== 3) throw new Error(`the search for ${RARE_GUEST} did not find its 3 codes`)
  if ((await sizeOf(searches.page)) !== SEARCH_PAGE_SIZE)
    throw new Error(`the search for ${support.commonGuest} did not fill a page of ${SEARCH_PAGE_SIZE}`)
  if ((await sizeOf(searches.pin)) === 0) throw new Error(`the search for PIN ${support.somePin} found nothing`)
  log(
    `support workspace: ${support.locks} locks, ${support.codes} codes, ${problemCount} problems; broken on purpose ${JSON.stringify(support.broken)}`,
  )
  await sequentialReads(api, '/problems/list', {}, 20)
  await sequentialReads(api, '/access_codes/list', searches.page, 20)

  const n = settings.supportRequests
  const out = {
    problemCount,
    problemsMs: [] as number[],
    problemsP95: [] as number[],
    problemsCpu: [] as number[],
    searchNameMs: [] as number[],
    searchPageMs: [] as number[],
    searchPinMs: [] as number[],
    searchCpu: [] as number[],
  }
  for (let rep = 0; rep < settings.repetitions; rep++) {
    const problems = await measuringServerCpu(serverPid, () => sequentialReads(api, '/problems/list', {}, n))
    const name = await measuringServerCpu(serverPid, () => sequentialReads(api, '/access_codes/list', searches.name, n))
    const page = summarize(await sequentialReads(api, '/access_codes/list', searches.page, n))
    const pin = summarize(await sequentialReads(api, '/access_codes/list', searches.pin, n))
    const p = summarize(problems.result)
    const s = summarize(name.result)
    out.problemsMs.push(p.median)
    out.problemsP95.push(p.p95)
    out.problemsCpu.push(problems.cpuMs / n)
    out.searchNameMs.push(s.median)
    out.searchPageMs.push(page.median)
    out.searchPinMs.push(pin.median)
    out.searchCpu.push(name.cpuMs / n)
    log(
      `support      rep ${rep + 1}: /problems/list median ${round(p.median)} ms (p95 ${round(p.p95)}, server CPU ${round(problems.cpuMs / n)} ms); ` +
        `search "${RARE_GUEST}" median ${round(s.median)} ms, "${support.commonGuest}" page of ${SEARCH_PAGE_SIZE} ${round(page.median)} ms, PIN ${round(pin.median)} ms`,
    )
  }
  return out
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
    process.exit(1)
  },
)
