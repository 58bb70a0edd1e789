// npm run bench's workload: the requests each scenario sends, and the server CPU time they cost.
import { randomInt } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { jsonOf, stringField, type ApiClient, type CallOptions } from './client'
import { cpuTimeMs } from './server'
import { median } from './stats'

/** Fresh random six-digit PINs that every sandbox brand accepts (no 0, not 12…, ≥3 distinct digits, no run). */
export class SharedPinSource {
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
export async function sequentialCreates(
  client: ApiClient,
  deviceId: string,
  count: number,
  label: string,
): Promise<number[]> {
  const ms: number[] = []
  for (let i = 0; i < count; i++) {
    const response = await client.expect('/access_codes/create', { device_id: deviceId, name: `${label} ${i + 1}` })
    ms.push(response.ms)
  }
  return ms
}

export async function createMultipleCalls(
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

/** `count` sequential POSTs of the same read (e.g. /problems/list, a search); returns per-request ms. */
export async function sequentialReads(
  client: ApiClient,
  path: string,
  body: Record<string, unknown>,
  count: number,
): Promise<number[]> {
  const ms: number[] = []
  for (let i = 0; i < count; i++) ms.push((await client.expect(path, body)).ms)
  return ms
}

/** Makes the device's next list a cache miss without changing what it holds: one create and its delete. */
export async function invalidateList(client: ApiClient, deviceId: string): Promise<void> {
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
export async function listThroughput(
  client: ApiClient,
  deviceId: string,
  clients: number,
  seconds: number,
  options: CallOptions,
  expected: number | readonly number[],
): Promise<ThroughputResult> {
  const expectedStatuses = typeof expected === 'number' ? [expected] : expected
  const started = performance.now()
  const deadline = started + seconds * 1_000
  const perClientCap = Math.ceil(1_000_000 / clients)
  const latencies: number[] = []
  let requests = 0
  const worker = async (): Promise<void> => {
    for (let i = 0; i < perClientCap && performance.now() < deadline; i++) {
      const response = await client.call('/access_codes/list', { device_id: deviceId }, options)
      if (!expectedStatuses.includes(response.status))
        throw new Error(
          `list answered ${response.status} under load, expected ${expectedStatuses.join(' or ')}: ${response.body.toString('utf8').slice(0, 300)}`,
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
export async function measuringServerCpu<T>(
  pid: number,
  work: () => Promise<T>,
): Promise<{ result: T; cpuMs: number }> {
  const before = cpuTimeMs(pid)
  const result = await work()
  return { result, cpuMs: cpuTimeMs(pid) - before }
}
