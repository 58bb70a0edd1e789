import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

const SOURCE_ROOTS = ['app', 'lib', 'components', 'next.config.js', 'package.json', 'tsconfig.json']

function newestMtime(target: string): number {
  let stat: fs.Stats
  try {
    stat = fs.statSync(target)
  } catch {
    return 0
  }
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = 0
  for (const entry of fs.readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)))
  return newest
}

/**
 * Builds the app when there is no build (or BENCH_REBUILD=1). An existing build is reused as it is — `next build`
 * type-checks the whole tree, so rebuilding on every run would tie the bench to unrelated work in progress — but a
 * build older than the sources is reported, since it would measure old code.
 */
export function ensureBuild(root: string, log: (line: string) => void): void {
  // next.config.js builds into (and `next start` serves) NEXT_DIST_DIR when it is set.
  const distDir = process.env.NEXT_DIST_DIR || '.next'
  const buildId = path.join(root, distDir, 'BUILD_ID')
  const builtAt = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0
  const reason = process.env.BENCH_REBUILD === '1' ? 'BENCH_REBUILD=1' : builtAt === 0 ? 'no build yet' : undefined
  if (reason === undefined) {
    const sourcesAt = Math.max(...SOURCE_ROOTS.map((p) => newestMtime(path.join(root, p))))
    log(
      sourcesAt > builtAt
        ? `WARNING: the build in ${distDir}/ is older than the sources; run with BENCH_REBUILD=1 to measure the current code`
        : `using the existing build in ${distDir}/`,
    )
    return
  }
  log(`building the app into ${distDir}/ (${reason}): npx next build …`)
  const result = spawnSync('npx', ['next', 'build'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    timeout: 10 * 60_000,
  })
  if (result.status !== 0) throw new Error(`next build failed (exit ${result.status ?? result.signal ?? 'unknown'})`)
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))))
    })
  })
}

/** Socket inodes listening on 127.0.0.1:port (or any address), from /proc/net/tcp{,6}. */
function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>()
  const portHex = port.toString(16).toUpperCase().padStart(4, '0')
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string
    try {
      text = fs.readFileSync(file, 'utf8')
    } catch {
      continue
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/)
      const local = cols[1]
      const state = cols[3]
      const inode = cols[9]
      if (local?.endsWith(`:${portHex}`) && state === '0A' && inode !== undefined && inode !== '0') inodes.add(inode)
    }
  }
  return inodes
}

const isPortListening = (port: number): boolean => listeningInodes(port).size > 0

const parentOf = (pid: number): number | undefined => {
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces, so read after the last ')'.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return Number(fields[1])
  } catch {
    return undefined
  }
}

/** The heap limit `npm start`, `npm run demo` and the e2e server use (package.json, scripts/*.sh). */
const SERVER_HEAP_FLAG = '--max-old-space-size=160'

const allPids = (): number[] =>
  fs
    .readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)

/** `root` and every process below it. */
export function processTree(root: number): number[] {
  const pids = allPids()
  const children = new Map<number, number[]>()
  for (const pid of pids) {
    const parent = parentOf(pid)
    if (parent !== undefined) children.set(parent, [...(children.get(parent) ?? []), pid])
  }
  const tree: number[] = []
  const queue = [root]
  while (queue.length > 0 && tree.length < 1_000) {
    const pid = queue.shift()
    if (pid === undefined) break
    tree.push(pid)
    queue.push(...(children.get(pid) ?? []))
  }
  return tree.filter((pid) => fs.existsSync(`/proc/${pid}`))
}

/** The process (in `candidates`) that holds the listening socket on `port`. */
function listeningPid(port: number, candidates: readonly number[]): number | undefined {
  const inodes = listeningInodes(port)
  if (inodes.size === 0) return undefined
  for (const pid of candidates) {
    let fds: string[]
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`)
    } catch {
      continue
    }
    for (const fd of fds) {
      try {
        const target = fs.readlinkSync(`/proc/${pid}/fd/${fd}`)
        const match = /^socket:\[(\d+)\]$/.exec(target)
        if (match?.[1] !== undefined && inodes.has(match[1])) return pid
      } catch {
        // the fd closed while we looked
      }
    }
  }
  return undefined
}

let clockTicksPerSecond: number | undefined

/** CPU time (user + system) the process has used so far, in ms, from /proc/<pid>/stat. */
export function cpuTimeMs(pid: number): number {
  if (clockTicksPerSecond === undefined) {
    const ticks = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout)
    clockTicksPerSecond = Number.isFinite(ticks) && ticks > 0 ? ticks : 100
  }
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  // After "pid (comm) ": state is field 0, utime field 11, stime field 12.
  return ((Number(fields[11]) + Number(fields[12])) * 1_000) / clockTicksPerSecond
}

interface MemoryStatus {
  rssKb: number
  hwmKb: number
}

function memoryOf(pid: number): MemoryStatus | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
    const kb = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0)
    return { rssKb: kb('VmRSS'), hwmKb: kb('VmHWM') }
  } catch {
    return undefined
  }
}

export interface RunningServer {
  child: ChildProcess
  pid: number
  port: number
  baseUrl: string
  /** The process that listens on the port: the server itself, or a child it forked. */
  serverPid: number
  output: () => string
}

export interface StartOptions {
  /** Extra arguments for node itself, before next's own (e.g. --cpu-prof). */
  nodeArgs?: readonly string[]
  env?: Record<string, string>
}

/** Starts the built app as `npm start` does (scripts/server.mjs) in its own process group, and waits until it answers. */
export async function startServer(
  root: string,
  dataDir: string,
  port: number,
  options: StartOptions = {},
): Promise<RunningServer> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...options.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    // As `npm start` runs it: V8 keeps its heap near what the server really uses instead of growing lazily.
    NODE_OPTIONS: [process.env.NODE_OPTIONS, SERVER_HEAP_FLAG].filter(Boolean).join(' '),
    // As `npm start`: two malloc arenas, not one per thread that allocates (glibc), which the reconciler thread and the
    // SQLite connections otherwise grow (measured: peak RSS 266 -> 246 MB with the reconciler thread).
    MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2',
  }
  delete env.DATABASE_URL // the embedded SQLite store, always
  const child = spawn(
    process.execPath,
    [
      ...(options.nodeArgs ?? []),
      // As `npm start`: the custom server (scripts/server.mjs), /api/* straight to the handler, the rest to Next.
      path.join(root, 'scripts/server.mjs'),
      '--hostname',
      '127.0.0.1',
      '--port',
      String(port),
    ],
    {
      cwd: root,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  const pid = child.pid
  if (pid === undefined) throw new Error('could not start the server (scripts/server.mjs)')
  let output = ''
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-20_000)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  const baseUrl = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 60_000
  const server: RunningServer = { child, pid, port, baseUrl, serverPid: pid, output: () => output }
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${output}`)
    try {
      // Unauthenticated: a 401 proves the route, the handler and the store are up.
      const response = await fetch(`${baseUrl}/api/devices/list`, { signal: AbortSignal.timeout(5_000) })
      await response.arrayBuffer()
      if (response.status === 401) {
        server.serverPid = listeningPid(port, processTree(pid)) ?? pid
        return server
      }
    } catch {
      // not listening yet
    }
    await sleep(200)
  }
  await stopServer(server)
  throw new Error(`the server did not answer within 60 s:\n${output}`)
}

const alive = (pid: number): boolean => fs.existsSync(`/proc/${pid}`) && !/^State:\s+Z/m.test(readStatus(pid))

function readStatus(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  } catch {
    return ''
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig)
  } catch {
    // already gone
  }
}

/**
 * Stops the server: SIGTERM to the process group of the node process we spawned, SIGKILL after 10 s, and makes
 * sure nothing of ours still listens on the port.
 */
export async function stopServer(server: RunningServer): Promise<void> {
  const tree = processTree(server.pid)
  const ours = [...new Set([...tree, server.serverPid])]
  signal(-server.pid, 'SIGTERM')
  for (const pid of ours) signal(pid, 'SIGTERM')
  const deadline = Date.now() + 10_000
  while (Date.now() < deadline && (ours.some(alive) || isPortListening(server.port))) await sleep(100)
  if (ours.some(alive)) {
    signal(-server.pid, 'SIGKILL')
    for (const pid of ours) if (alive(pid)) signal(pid, 'SIGKILL')
    const killDeadline = Date.now() + 5_000
    while (Date.now() < killDeadline && ours.some(alive)) await sleep(100)
  }
  if (isPortListening(server.port)) {
    const holder = listeningPid(server.port, allPids())
    throw new Error(`port ${server.port} is still listening after stopping the server (pid ${holder ?? 'unknown'})`)
  }
}

/** Samples the resident memory of a set of processes every `intervalMs`. */
export class RssSampler {
  readonly #pids: () => readonly number[]
  readonly #focus: number
  #timer: NodeJS.Timeout | undefined
  peakRssKb = 0
  peakHwmKb = 0
  peakTreeRssKb = 0
  samples = 0

  constructor(focusPid: number, pids: () => readonly number[]) {
    this.#focus = focusPid
    this.#pids = pids
  }

  sample(): void {
    let tree = 0
    for (const pid of this.#pids()) {
      const memory = memoryOf(pid)
      if (memory === undefined) continue
      tree += memory.rssKb
      if (pid === this.#focus) {
        this.peakRssKb = Math.max(this.peakRssKb, memory.rssKb)
        this.peakHwmKb = Math.max(this.peakHwmKb, memory.hwmKb)
      }
    }
    this.peakTreeRssKb = Math.max(this.peakTreeRssKb, tree)
    this.samples++
  }

  /** The focus process's memory now, for a log line between phases. */
  describe(): string {
    this.sample()
    const memory = memoryOf(this.#focus)
    const mb = (kb: number): string => (kb / 1024).toFixed(0)
    return memory === undefined ? 'RSS unknown' : `RSS ${mb(memory.rssKb)} MB (peak so far ${mb(memory.hwmKb)} MB)`
  }

  start(intervalMs = 100): void {
    this.sample()
    this.#timer = setInterval(() => this.sample(), intervalMs)
    this.#timer.unref()
  }

  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer)
    this.#timer = undefined
    this.sample()
  }
}

export interface RunningFake extends RunningServer {
  apiKey: string
  deviceIds: string[]
}

/**
 * Starts Seam's fake (bench/fake-server.ts) in its own process group on 127.0.0.1:port, seeded with `devices` locks,
 * and waits for the line that says it listens.
 */
export async function startFakeServer(root: string, port: number, devices: number): Promise<RunningFake> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'bench', 'fake-server.ts'), String(port), String(devices)],
    {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        // As the Latchkey server runs (npm start): the same heap limit for both.
        NODE_OPTIONS: [process.env.NODE_OPTIONS, SERVER_HEAP_FLAG].filter(Boolean).join(' '),
      },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  const pid = child.pid
  if (pid === undefined) throw new Error("could not start Seam's fake")
  let output = ''
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-20_000)
  }
  child.stderr?.on('data', keep)
  const server: RunningServer = {
    child,
    pid,
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    serverPid: pid,
    output: () => output,
  }
  const ready = await new Promise<{ apiKey: string; deviceIds: string[] } | undefined>((resolve) => {
    let stdout = ''
    const timer = setTimeout(() => resolve(undefined), 60_000)
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8')
      keep(chunk)
      const line = stdout.split('\n').find((l) => l.startsWith('{"ready":true'))
      if (line === undefined) return
      clearTimeout(timer)
      const parsed = JSON.parse(line) as { apiKey: string; deviceIds: string[] }
      resolve(parsed)
    })
    child.once('exit', () => {
      clearTimeout(timer)
      resolve(undefined)
    })
  })
  if (ready === undefined) {
    await stopServer(server)
    throw new Error(`Seam's fake did not start:\n${output}`)
  }
  return { ...server, apiKey: ready.apiKey, deviceIds: ready.deviceIds }
}
