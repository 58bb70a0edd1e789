// npm run bench's side-by-side workload: the same requests, from the same client, against Latchkey and against Seam's
// own fake (@seamapi/fake-seam-connect), so that each figure can be read as a ratio measured in one run. The servers
// run side by side and take turns: every repetition of every scenario visits each server once, in a rotating order,
// so that whatever the machine does meanwhile (it has been seen to change speed by 2× within minutes) falls on all of
// them alike instead of on whichever was measured last.
import { performance } from 'node:perf_hooks'
import { jsonOf, stringField, type ApiClient } from './client'
import { cpuTimeMs, RssSampler } from './server'
import { median, round, summarize } from './stats'
import { createMultipleCalls, listThroughput, measuringServerCpu, sequentialCreates, SharedPinSource } from './workload'

/** The Accept-Encoding the seam SDK sends (axios's default). */
export const SDK_ACCEPT_ENCODING = 'gzip, compress, deflate, br'

export interface CompareSettings {
  repetitions: number
  creates: number
  multiCalls: number
  listRequests: number
  afterWriteRequests: number
  clients: number
  throughputSeconds: number
}

/** What the workload runs against: a server with a client, its process, and the locks seeded for the bench. */
export interface Target {
  name: string
  client: ApiClient
  serverPid: number
  /** Locks for create_multiple. */
  multiDeviceIds: readonly string[]
  /** One fresh lock per create repetition; the first then holds the listed codes. */
  createDeviceIds: readonly string[]
  warmupDeviceId: string
  /** Whether the server answers If-None-Match (Seam's fake sends no ETag). */
  conditional: boolean
  /**
   * Where the list scenarios run, when not on the first create lock of this server: Seam's fake lists every code it
   * holds whatever the device_id (its filter's operator precedence), so its lists run on a fresh fake whose one lock is
   * then given the same number of codes.
   */
  listPhase?: () => Promise<{ client: ApiClient; serverPid: number; deviceId: string }>
}

/** One value per repetition (ms, req/s, ms of server CPU), and the server's peak RSS over the workload. */
export interface CompareMeasurements {
  createMs: number[]
  createP95: number[]
  createCpu: number[]
  multiMs: number[]
  multiGivenMs: number[]
  multiCpu: number[]
  listMs: number[]
  listP95: number[]
  listCpu: number[]
  listAfterWriteMs: number[]
  plainRps: number[]
  gzipRps: number[]
  pollerRps: number[]
  listBytes: number
  peakRssMb: number
  /**
   * The server's own CPU while the other servers were measured, in ms per second of their turns: with the reconciler
   * on, the lock side keeps programming codes in the background, and that work shares the machine with the others.
   */
  idleCpuMsPerSecond: number
}

/**
 * The workload against several servers, interleaved: warm-up, then creates, create_multiple, lists, lists right
 * after a write, and list throughput (plain, with the SDK's Accept-Encoding, and If-None-Match pollers where the
 * server sends ETags), each repetition taking every server in turn. Returns each target's measurements, in order.
 * Everything is bounded by the settings; `log` gets one line per server and repetition.
 */
export async function runComparisons(
  targets: readonly Target[],
  settings: CompareSettings,
  log: (line: string) => void,
): Promise<CompareMeasurements[]> {
  const runs = targets.map((target) => new ComparisonRun(target, settings, log))
  // Repetition r starts with server r (mod n), so no server is always measured first or right after another.
  const inTurn = async (step: (run: ComparisonRun, rep: number) => Promise<void>): Promise<void> => {
    for (let rep = 0; rep < settings.repetitions; rep++) {
      for (let i = 0; i < runs.length; i++) {
        const run = runs[(rep + i) % runs.length] as ComparisonRun
        await run.turn(runs, () => step(run, rep))
      }
    }
  }
  try {
    for (const run of runs) await run.turn(runs, () => run.warmUp())
    await inTurn((run, rep) => run.creates(rep))
    await inTurn((run, rep) => run.createMultiple(rep))
    for (const run of runs) await run.turn(runs, () => run.prepareLists())
    await inTurn((run, rep) => run.lists(rep))
    await inTurn((run, rep) => run.throughput(rep))
    return runs.map((run) => run.finish())
  } finally {
    for (const run of runs) run.stop()
  }
}

/** One server's way through the workload, a step at a time. */
class ComparisonRun {
  readonly #target: Target
  readonly #settings: CompareSettings
  readonly #say: (line: string) => void
  readonly #pins = new SharedPinSource()
  readonly m: CompareMeasurements = {
    createMs: [],
    createP95: [],
    createCpu: [],
    multiMs: [],
    multiGivenMs: [],
    multiCpu: [],
    listMs: [],
    listP95: [],
    listCpu: [],
    listAfterWriteMs: [],
    plainRps: [],
    gzipRps: [],
    pollerRps: [],
    listBytes: 0,
    peakRssMb: 0,
    idleCpuMsPerSecond: 0,
  }
  #rss: RssSampler
  #peakKb = 0
  /** Where lists are read: this server's first create lock, or the fresh fake of `listPhase`. */
  #api: ApiClient
  #serverPid: number
  #listDevice: string | undefined
  #renamed = ''
  #etag: string | undefined
  /** This server's CPU and the wall time while other servers took their turns. */
  #idleCpuMs = 0
  #idleMs = 0
  #lastCpuMs = 0

  constructor(target: Target, settings: CompareSettings, log: (line: string) => void) {
    this.#target = target
    this.#settings = settings
    this.#say = (line) => log(`${target.name.padEnd(13)} ${line}`)
    this.#api = target.client
    this.#serverPid = target.serverPid
    this.#listDevice = target.createDeviceIds[0]
    this.#rss = new RssSampler(target.serverPid, () => [target.serverPid])
    this.#rss.start(100)
  }

  /** Runs one step of this server while the others wait, and books the others' CPU meanwhile as their idle CPU. */
  async turn(all: readonly ComparisonRun[], step: () => Promise<void>): Promise<void> {
    const others = all.filter((run) => run !== this)
    const before = others.map((run) => run.#cpuNow())
    const started = performance.now()
    await step()
    const elapsed = performance.now() - started
    others.forEach((run, i) => {
      run.#idleCpuMs += run.#cpuNow() - (before[i] ?? 0)
      run.#idleMs += elapsed
    })
  }

  #cpuNow(): number {
    try {
      this.#lastCpuMs = cpuTimeMs(this.#serverPid)
    } catch {
      // A server that has stopped (the first fake, once its lists moved to a fresh one) spends nothing more.
    }
    return this.#lastCpuMs
  }

  async warmUp(): Promise<void> {
    const { client, warmupDeviceId, multiDeviceIds } = this.#target
    await sequentialCreates(client, warmupDeviceId, 200, 'Warm-up')
    await createMultipleCalls(client, multiDeviceIds, 3, this.#pins, 'server', 'Warm-up shared')
    await createMultipleCalls(client, multiDeviceIds, 3, this.#pins, 'client', 'Warm-up given')
    for (let i = 0; i < 50; i++) await client.expect('/access_codes/list', { device_id: warmupDeviceId })
    this.#say(`warmed up: ${this.#rss.describe()}`)
  }

  async creates(rep: number): Promise<void> {
    const deviceId = this.#target.createDeviceIds[rep]
    if (deviceId === undefined) throw new Error(`${this.#target.name}: no lock for create repetition ${rep + 1}`)
    const run = await measuringServerCpu(this.#target.serverPid, () =>
      sequentialCreates(this.#target.client, deviceId, this.#settings.creates, `Guest r${rep + 1}`),
    )
    const s = summarize(run.result)
    this.m.createMs.push(s.median)
    this.m.createP95.push(s.p95)
    this.m.createCpu.push(run.cpuMs / this.#settings.creates)
    this.#say(
      `create           rep ${rep + 1}: median ${round(s.median)} ms, p95 ${round(s.p95)} ms; ${this.#rss.describe()}`,
    )
  }

  async createMultiple(rep: number): Promise<void> {
    const { client, multiDeviceIds, serverPid } = this.#target
    const calls = this.#settings.multiCalls
    const generated = await measuringServerCpu(serverPid, () =>
      createMultipleCalls(client, multiDeviceIds, calls, this.#pins, 'server', `Shared r${rep + 1}`),
    )
    const given = await createMultipleCalls(client, multiDeviceIds, calls, this.#pins, 'client', `Given r${rep + 1}`)
    this.m.multiMs.push(median(generated.result))
    this.m.multiGivenMs.push(median(given))
    this.m.multiCpu.push(generated.cpuMs / calls)
    this.#say(
      `create_multiple  rep ${rep + 1}: ${multiDeviceIds.length} locks, generated PIN median ${round(median(generated.result))} ms, given PIN ${round(median(given))} ms; ${this.#rss.describe()}`,
    )
  }

  /** Finds the lock the lists read (moving to a fresh fake where the target asks) and checks it holds every code. */
  async prepareLists(): Promise<void> {
    if (this.#target.listPhase !== undefined) {
      this.#rss.stop()
      this.#peakKb = Math.max(this.#peakKb, this.#rss.peakHwmKb, this.#rss.peakRssKb)
      const phase = await this.#target.listPhase()
      this.#api = phase.client
      this.#serverPid = phase.serverPid
      this.#listDevice = phase.deviceId
      this.#rss = new RssSampler(phase.serverPid, () => [phase.serverPid])
      this.#rss.start(100)
      await sequentialCreates(this.#api, phase.deviceId, this.#settings.creates, 'Listed')
      this.#say(`lists on a fresh server (pid ${phase.serverPid}) holding only the listed lock's codes`)
    }
    const deviceId = this.#listDeviceId()
    const listed = jsonOf(await this.#api.expect('/access_codes/list', { device_id: deviceId }))
    const codes = Array.isArray(listed.access_codes) ? (listed.access_codes as unknown[]) : []
    if (codes.length !== this.#settings.creates)
      throw new Error(
        `${this.#target.name}: the listed lock holds ${codes.length} codes, expected ${this.#settings.creates}`,
      )
    this.#renamed = stringField(codes[0], 'access_code_id')
    if (this.#target.conditional)
      this.#etag = (await this.#api.expect('/access_codes/list', { device_id: deviceId })).etag
  }

  #listDeviceId(): string {
    if (this.#listDevice === undefined) throw new Error(`${this.#target.name}: no device for the list scenario`)
    return this.#listDevice
  }

  async lists(rep: number): Promise<void> {
    const deviceId = this.#listDeviceId()
    const api = this.#api
    const run = await measuringServerCpu(this.#serverPid, async () => {
      const ms: number[] = []
      for (let i = 0; i < this.#settings.listRequests; i++) {
        const response = await api.expect('/access_codes/list', { device_id: deviceId })
        this.m.listBytes = response.body.length
        ms.push(response.ms)
      }
      return ms
    })
    // A list right after a write to the same lock: one code renamed, then the list (the list is what is timed).
    const afterWrite: number[] = []
    for (let i = 0; i < this.#settings.afterWriteRequests; i++) {
      await api.expect('/access_codes/update', { access_code_id: this.#renamed, name: `Renamed r${rep + 1} ${i + 1}` })
      afterWrite.push((await api.expect('/access_codes/list', { device_id: deviceId })).ms)
    }
    const s = summarize(run.result)
    this.m.listMs.push(s.median)
    this.m.listP95.push(s.p95)
    this.m.listCpu.push(run.cpuMs / this.#settings.listRequests)
    this.m.listAfterWriteMs.push(median(afterWrite))
    this.#say(
      `list             rep ${rep + 1}: median ${round(s.median)} ms, p95 ${round(s.p95)} ms (${this.m.listBytes} bytes); right after a write ${round(median(afterWrite))} ms; ${this.#rss.describe()}`,
    )
  }

  async throughput(rep: number): Promise<void> {
    const deviceId = this.#listDeviceId()
    const { clients, throughputSeconds: seconds } = this.#settings
    const plain = await listThroughput(this.#api, deviceId, clients, seconds, {}, 200)
    const gzip = await listThroughput(
      this.#api,
      deviceId,
      clients,
      seconds,
      { acceptEncoding: SDK_ACCEPT_ENCODING },
      200,
    )
    this.m.plainRps.push(plain.requestsPerSecond)
    this.m.gzipRps.push(gzip.requestsPerSecond)
    let polled = ''
    if (this.#etag !== undefined) {
      // With the reconciler on, the lock side may change the list while pollers poll: then a 200 is right.
      const poll = await listThroughput(this.#api, deviceId, clients, seconds, { ifNoneMatch: this.#etag }, [304, 200])
      this.m.pollerRps.push(poll.requestsPerSecond)
      polled = `, If-None-Match ${round(poll.requestsPerSecond, 0)} req/s`
    }
    this.#say(
      `throughput       rep ${rep + 1}: ${clients} clients plain ${round(plain.requestsPerSecond, 0)} req/s, Accept-Encoding gzip ${round(gzip.requestsPerSecond, 0)} req/s${polled}; ${this.#rss.describe()}`,
    )
  }

  finish(): CompareMeasurements {
    this.#rss.stop()
    this.m.peakRssMb = Math.max(this.#peakKb, this.#rss.peakHwmKb, this.#rss.peakRssKb) / 1024
    this.m.idleCpuMsPerSecond = this.#idleMs > 0 ? (this.#idleCpuMs * 1_000) / this.#idleMs : 0
    this.#say(
      `done: ${this.#rss.describe()}; its own CPU while the others were measured ${round(this.m.idleCpuMsPerSecond, 1)} ms/s`,
    )
    return this.m
  }

  stop(): void {
    this.#rss.stop()
  }
}
