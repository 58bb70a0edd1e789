// npm run bench — Latchkey (the built app as `npm start` serves it, reconciler on as it ships, and off) and Seam's own
// fake (@seamapi/fake-seam-connect) measured side by side in one run, with the same client and the same workload: all
// of them running at once and taking turns, one repetition of one scenario at a time (bench/compare.ts).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ApiClient, jsonOf } from './client'
import { runComparisons, type CompareMeasurements, type CompareSettings, type Target } from './compare'
import { compareRows, comparedFigures, comparisonTable } from './compare-report'
import { figureResults, printTable, supportFigures, type SupportMeasurements } from './report'
import { MULTI_DEVICES, seedWorkspace } from './seed'
import { RARE_GUEST, type SupportWorkspace } from './support-seed'
import {
  ensureBuild,
  freePort,
  startFakeServer,
  startServer,
  stopServer,
  type RunningFake,
  type RunningServer,
} from './server'
import { round, summarize } from './stats'
import { measuringServerCpu, sequentialReads } from './workload'

const ROOT = path.resolve(__dirname, '..')
// A page of search results as the search page asks for it (SEARCH_PAGE_SIZE in lib/client/query-options.ts, a browser
// module this script cannot load).
const SEARCH_PAGE_SIZE = 50
const RESULTS_DIR = path.join(ROOT, 'bench', 'results')

function intSetting(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < min || value > max)
    throw new Error(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`)
  return value
}

/** Which Latchkey servers to measure: the reconciler on (as `npm start` ships) and off (a separate `npm run worker`). */
function reconcilerModes(): ('on' | 'off')[] {
  const raw = process.env.BENCH_RECONCILER ?? 'both'
  if (raw === 'both') return ['on', 'off']
  if (raw === 'on' || raw === 'off') return [raw]
  throw new Error(`BENCH_RECONCILER must be "both", "on" or "off" (got "${raw}")`)
}

const settings = {
  modes: reconcilerModes(),
  repetitions: intSetting('BENCH_REPS', 3, 1, 10),
  creates: intSetting('BENCH_CREATES', 1_000, 10, 5_000),
  multiCalls: intSetting('BENCH_MULTI_CALLS', 30, 1, 200),
  listRequests: intSetting('BENCH_LIST_REQUESTS', 200, 10, 5_000),
  afterWriteRequests: intSetting('BENCH_AFTER_WRITE_REQUESTS', 50, 1, 1_000),
  clients: intSetting('BENCH_CLIENTS', 10, 1, 100),
  throughputSeconds: intSetting('BENCH_SECONDS', 3, 1, 60),
  supportRequests: intSetting('BENCH_SUPPORT_REQUESTS', 100, 10, 5_000),
}

const compareSettings: CompareSettings = settings

const log = (line: string): void => console.log(`[bench] ${line}`)

async function main(): Promise<void> {
  const startedAt = new Date()
  ensureBuild(ROOT, log)
  const running = new Set<RunningServer>()
  const dataDirs = new Set<string>()
  const clients = new Set<ApiClient>()
  const stop = async (server: RunningServer): Promise<void> => {
    if (!running.delete(server)) return
    await stopServer(server)
  }
  const cleanUp = async (): Promise<void> => {
    for (const client of clients) client.close()
    try {
      for (const server of [...running]) await stop(server)
    } finally {
      for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true })
    }
  }
  const onSignal = (sig: NodeJS.Signals): void => {
    log(`${sig}: stopping the servers`)
    void cleanUp().finally(() => process.exit(130))
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  const clientFor = (baseUrl: string, apiKey: string, prefix?: string): ApiClient => {
    const client = new ApiClient(baseUrl, apiKey, settings.clients + 2, prefix)
    clients.add(client)
    return client
  }

  try {
    const reps = settings.repetitions
    const loadBefore = os.loadavg()
    if ((loadBefore[0] ?? 0) > 0.5) {
      log(
        `WARNING: load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')} before the run: other work shares the CPUs, so every server is slower than on an idle machine; the ratios, measured in one run, vary less`,
      )
    }

    // Every server is started and seeded first, then they take turns (bench/compare.ts): Seam's fake with the same
    // locks (50 for create_multiple, one per create repetition, one to warm up), and Latchkey once per reconciler
    // setting, each on a fresh store.
    const fakeDevices = MULTI_DEVICES + reps + 1
    const fake: RunningFake = await startFakeServer(ROOT, await freePort(), fakeDevices)
    running.add(fake)
    log(`Seam's fake (@seamapi/fake-seam-connect) pid ${fake.pid}, ${fake.baseUrl}, ${fakeDevices} sandbox locks`)
    const targets: Target[] = [
      {
        name: 'fake',
        client: clientFor(fake.baseUrl, fake.apiKey, ''),
        serverPid: fake.serverPid,
        multiDeviceIds: fake.deviceIds.slice(0, MULTI_DEVICES),
        createDeviceIds: fake.deviceIds.slice(MULTI_DEVICES, MULTI_DEVICES + reps),
        warmupDeviceId: fake.deviceIds[fakeDevices - 1] ?? '',
        conditional: false,
        listPhase: async () => {
          await stop(fake)
          const fresh = await startFakeServer(ROOT, await freePort(), 1)
          running.add(fresh)
          return {
            client: clientFor(fresh.baseUrl, fresh.apiKey, ''),
            serverPid: fresh.serverPid,
            deviceId: fresh.deviceIds[0] ?? '',
          }
        },
      },
    ]

    const servers = new Map<'on' | 'off', { server: RunningServer; support: SupportWorkspace | undefined }>()
    for (const mode of settings.modes) {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-bench-'))
      dataDirs.add(dataDir)
      // The support workspace (problems queue, search) is measured once, on the server as `npm start` ships it.
      const withSupport = mode === settings.modes[0]
      log(`DATA_DIR ${dataDir}; seeding a workspace${withSupport ? ' and the support workspace' : ''}`)
      const workspace = await seedWorkspace(dataDir, reps, log, { withSupport })
      const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(/\s+/).filter((a) => a !== '')
      // The per-key rate limit (50 requests/s by default) is off: the bench measures the API, not the limiter.
      const server = await startServer(ROOT, dataDir, await freePort(), {
        nodeArgs,
        env: { RECONCILER: mode, API_RATE_LIMIT: 'off' },
      })
      running.add(server)
      servers.set(mode, { server, support: workspace.support })
      log(`server pid ${server.pid}, listening pid ${server.serverPid}, ${server.baseUrl}, RECONCILER=${mode}`)
      targets.push({
        name: `latchkey-${mode}`,
        client: clientFor(server.baseUrl, workspace.apiKey),
        serverPid: server.serverPid,
        multiDeviceIds: workspace.multiDeviceIds,
        createDeviceIds: workspace.createDeviceIds,
        warmupDeviceId: workspace.warmupDeviceId,
        conditional: true,
      })
    }

    const [fakeMeasurements, ...measured] = await runComparisons(targets, compareSettings, log)
    if (fakeMeasurements === undefined) throw new Error('no measurements of the fake')
    const latchkey: Record<string, CompareMeasurements> = {}
    settings.modes.forEach((mode, i) => {
      const m = measured[i]
      if (m !== undefined) latchkey[mode] = m
    })
    const listBytes = measured[0]?.listBytes ?? 0

    // The support scenarios on the first Latchkey server alone: every other server is stopped first.
    let support: (SupportMeasurements & { problemCount: number }) | undefined
    let supportWorkspace: SupportWorkspace | undefined
    for (const server of [...running]) if (server !== servers.get(settings.modes[0] ?? 'on')?.server) await stop(server)
    for (const { server, support: workspace } of servers.values()) {
      if (workspace === undefined) continue
      supportWorkspace = workspace
      support = await supportScenarios(clientFor(server.baseUrl, workspace.apiKey), server.serverPid, workspace)
    }
    for (const server of [...running]) await stop(server)

    const rows = compareRows(
      comparedFigures(MULTI_DEVICES, settings.creates, settings.clients),
      fakeMeasurements,
      latchkey,
    )
    const table = comparisonTable(rows, settings.modes)
    console.log(`\n${table}\n`)
    const supportTable = support === undefined ? [] : supportFigures(support)
    if (support !== undefined) {
      log(`support workspace (reconciler ${settings.modes[0] ?? ''}):`)
      printTable(supportTable)
    }

    const finishedAt = new Date()
    const results = {
      started_at: startedAt.toISOString(),
      finished_at: finishedAt.toISOString(),
      load_average: { before: loadBefore, after: os.loadavg() },
      machine: {
        cpus: os.cpus().length,
        cpu_model: os.cpus()[0]?.model ?? 'unknown',
        node: process.version,
        platform: `${os.platform()} ${os.release()}`,
      },
      settings,
      fake: { package: '@seamapi/fake-seam-connect', version: fakeVersion(), locks: fakeDevices },
      list_response_bytes: listBytes,
      comparison: rows,
      measurements: { fake: fakeMeasurements, latchkey },
      support:
        support === undefined || supportWorkspace === undefined
          ? undefined
          : {
              workspace: {
                locks: supportWorkspace.locks,
                codes: supportWorkspace.codes,
                broken: supportWorkspace.broken,
                problems: support.problemCount,
              },
              figures: figureResults(supportTable),
            },
    }
    const idleCpu = [
      ...Object.entries(latchkey).map(([mode, m]) => `reconciler ${mode} ${round(m.idleCpuMsPerSecond, 1)} ms/s`),
      `fake ${round(fakeMeasurements.idleCpuMsPerSecond, 1)} ms/s`,
    ].join(', ')
    const markdown = [
      `# npm run bench, ${startedAt.toISOString()}`,
      '',
      `${results.machine.cpus} × ${results.machine.cpu_model}, Node ${process.version}; load average before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}.`,
      `Seam's fake: @seamapi/fake-seam-connect ${results.fake.version}. × is how many times better Latchkey is (fake ÷ Latchkey for ms, Latchkey ÷ fake for req/s).`,
      `The servers ran side by side and took turns (${reps} repetitions). Each one's own CPU while the others were measured: ${idleCpu}.`,
      '',
      table,
      '',
    ].join('\n')
    fs.mkdirSync(RESULTS_DIR, { recursive: true })
    const stamp = startedAt
      .toISOString()
      .replace(/:/g, '-')
      .replace(/\.\d+Z$/, 'Z')
    for (const name of [stamp, 'latest']) {
      fs.writeFileSync(path.join(RESULTS_DIR, `${name}.json`), `${JSON.stringify(results, null, 2)}\n`)
      fs.writeFileSync(path.join(RESULTS_DIR, `${name}.md`), markdown)
    }
    log(`results written to bench/results/${stamp}.{json,md} (and latest.*)`)
  } finally {
    await cleanUp()
    process.removeListener('SIGINT', onSignal)
    process.removeListener('SIGTERM', onSignal)
  }
}

function fakeVersion(): string {
  const manifest = path.join(ROOT, 'node_modules', '@seamapi', 'fake-seam-connect', 'package.json')
  const parsed: unknown = JSON.parse(fs.readFileSync(manifest, 'utf8'))
  return typeof parsed === 'object' && parsed !== null && 'version' in parsed ? String(parsed.version) : 'unknown'
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
