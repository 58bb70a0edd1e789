// npm run bench's side-by-side workload: the same requests, from the same client, against Latchkey and against Seam's
// own fake (@seamapi/fake-seam-connect), so that each figure can be read as a ratio measured in one run.
import { jsonOf, stringField, type ApiClient } from './client'
import { RssSampler } from './server'
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
}

/**
 * The workload: creates, create_multiple, lists, lists right after a write, and list throughput plain and with the
 * SDK's Accept-Encoding. Everything is bounded by the settings; `log` gets one line per repetition.
 */
export async function runComparison(
  target: Target,
  settings: CompareSettings,
  log: (line: string) => void,
): Promise<CompareMeasurements> {
  let rss = new RssSampler(target.serverPid, () => [target.serverPid])
  let peakKb = 0
  rss.start(100)
  const say = (line: string): void => log(`${target.name.padEnd(13)} ${line}`)
  const pins = new SharedPinSource()
  try {
    const { client: writer, serverPid: writerPid } = target
    await sequentialCreates(writer, target.warmupDeviceId, 200, 'Warm-up')
    await createMultipleCalls(writer, target.multiDeviceIds, 3, pins, 'server', 'Warm-up shared')
    await createMultipleCalls(writer, target.multiDeviceIds, 3, pins, 'client', 'Warm-up given')
    for (let i = 0; i < 50; i++) await writer.expect('/access_codes/list', { device_id: target.warmupDeviceId })
    say(`warmed up: ${rss.describe()}`)

    const m: CompareMeasurements = {
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
    }
    for (const [rep, deviceId] of target.createDeviceIds.slice(0, settings.repetitions).entries()) {
      const run = await measuringServerCpu(writerPid, () =>
        sequentialCreates(writer, deviceId, settings.creates, `Guest r${rep + 1}`),
      )
      const s = summarize(run.result)
      m.createMs.push(s.median)
      m.createP95.push(s.p95)
      m.createCpu.push(run.cpuMs / settings.creates)
      say(`create           rep ${rep + 1}: median ${round(s.median)} ms, p95 ${round(s.p95)} ms`)
    }
    for (let rep = 0; rep < settings.repetitions; rep++) {
      const generated = await measuringServerCpu(writerPid, () =>
        createMultipleCalls(writer, target.multiDeviceIds, settings.multiCalls, pins, 'server', `Shared r${rep + 1}`),
      )
      const given = await createMultipleCalls(
        writer,
        target.multiDeviceIds,
        settings.multiCalls,
        pins,
        'client',
        `Given r${rep + 1}`,
      )
      m.multiMs.push(median(generated.result))
      m.multiGivenMs.push(median(given))
      m.multiCpu.push(generated.cpuMs / settings.multiCalls)
      say(
        `create_multiple  rep ${rep + 1}: ${target.multiDeviceIds.length} locks, generated PIN median ${round(median(generated.result))} ms, given PIN ${round(median(given))} ms`,
      )
    }

    let listDevice = target.createDeviceIds[0]
    let api = target.client
    let serverPid = target.serverPid
    if (target.listPhase !== undefined) {
      rss.stop()
      peakKb = Math.max(peakKb, rss.peakHwmKb, rss.peakRssKb)
      const phase = await target.listPhase()
      ;({ client: api, serverPid, deviceId: listDevice } = phase)
      rss = new RssSampler(serverPid, () => [serverPid])
      rss.start(100)
      await sequentialCreates(api, listDevice, settings.creates, 'Listed')
      say(`lists on a fresh server (pid ${serverPid}) holding only the listed lock's ${settings.creates} codes`)
    }
    if (listDevice === undefined) throw new Error(`${target.name}: no device for the list scenario`)
    const listed = jsonOf(await api.expect('/access_codes/list', { device_id: listDevice }))
    const codes = Array.isArray(listed.access_codes) ? (listed.access_codes as unknown[]) : []
    if (codes.length !== settings.creates)
      throw new Error(`${target.name}: the listed lock holds ${codes.length} codes, expected ${settings.creates}`)
    const renamed = stringField(codes[0], 'access_code_id')
    for (let rep = 0; rep < settings.repetitions; rep++) {
      const run = await measuringServerCpu(serverPid, async () => {
        const ms: number[] = []
        for (let i = 0; i < settings.listRequests; i++) {
          const response = await api.expect('/access_codes/list', { device_id: listDevice })
          m.listBytes = response.body.length
          ms.push(response.ms)
        }
        return ms
      })
      // A list right after a write to the same lock: one code renamed, then the list (the list is what is timed).
      const afterWrite: number[] = []
      for (let i = 0; i < settings.afterWriteRequests; i++) {
        await api.expect('/access_codes/update', { access_code_id: renamed, name: `Renamed r${rep + 1} ${i + 1}` })
        afterWrite.push((await api.expect('/access_codes/list', { device_id: listDevice })).ms)
      }
      const s = summarize(run.result)
      m.listMs.push(s.median)
      m.listP95.push(s.p95)
      m.listCpu.push(run.cpuMs / settings.listRequests)
      m.listAfterWriteMs.push(median(afterWrite))
      say(
        `list             rep ${rep + 1}: median ${round(s.median)} ms, p95 ${round(s.p95)} ms (${m.listBytes} bytes); right after a write ${round(median(afterWrite))} ms`,
      )
    }

    const etag = target.conditional
      ? (await api.expect('/access_codes/list', { device_id: listDevice })).etag
      : undefined
    for (let rep = 0; rep < settings.repetitions; rep++) {
      const plain = await listThroughput(api, listDevice, settings.clients, settings.throughputSeconds, {}, 200)
      const gzip = await listThroughput(
        api,
        listDevice,
        settings.clients,
        settings.throughputSeconds,
        { acceptEncoding: SDK_ACCEPT_ENCODING },
        200,
      )
      m.plainRps.push(plain.requestsPerSecond)
      m.gzipRps.push(gzip.requestsPerSecond)
      let polled = ''
      if (etag !== undefined) {
        const poll = await listThroughput(
          api,
          listDevice,
          settings.clients,
          settings.throughputSeconds,
          { ifNoneMatch: etag },
          // With the reconciler on, the lock side may change the list while pollers poll: then a 200 is right.
          [304, 200],
        )
        m.pollerRps.push(poll.requestsPerSecond)
        polled = `, If-None-Match ${round(poll.requestsPerSecond, 0)} req/s`
      }
      say(
        `throughput       rep ${rep + 1}: ${settings.clients} clients plain ${round(plain.requestsPerSecond, 0)} req/s, Accept-Encoding gzip ${round(gzip.requestsPerSecond, 0)} req/s${polled}`,
      )
    }
    rss.stop()
    m.peakRssMb = Math.max(peakKb, rss.peakHwmKb, rss.peakRssKb) / 1024
    say(`done: ${rss.describe()}`)
    return m
  } finally {
    rss.stop()
  }
}
