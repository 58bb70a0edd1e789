// The endpoint fuzz's world (tests/api/fuzz/): one store, a workspace of someone else's, a signed-in admin, and for
// each operation a fresh workspace of the caller's with locks, codes, an unmanaged code and a stay. Requests go to
// the API's real request handler in process (no socket), through the test server's output-schema check.
import { createHash } from 'node:crypto'
import { expect } from 'vitest'
import { handleApiRequest } from '@/lib/api/handle-request'
import { errorStatus } from '@/lib/api/errors'
import type { ApiEnvironment } from '@/lib/api/environment'
import { addMembership, createUser } from '@/lib/auth/users'
import { createSession, SESSION_COOKIE } from '@/lib/auth/sessions'
import type { Store } from '@/lib/db/connection'
import { CLIENT_HEADER, WORKSPACE_HEADER } from '@/lib/shared/request-headers'
import { createProviderResolver } from '@/lib/locks/providers'
import { Reconciler } from '@/lib/sync/reconciler'
import { ManualClock } from '@/lib/time/clock'
import { createWorkspace, type CreatedWorkspace } from '@/lib/workspaces/create-workspace'
import { checkedResponse } from '@/tests/support/api-server'
import { FUZZ_NOW, IdRef, type IdScope } from '@/tests/support/fuzz-arbitraries'
import { StoreFingerprinter, changedTables, type StoreFingerprint } from '@/tests/support/fuzz-store'
import { isJson, type Json } from '@/tests/support/http-client'
import { openTestStore, testEngine } from '@/tests/support/test-store'

export type FuzzAuth = 'api_key' | 'session' | 'fresh_session' | 'none' | 'bad_key'

export type FuzzBody =
  | { kind: 'json'; value: unknown }
  | { kind: 'query'; value: Record<string, unknown> }
  | { kind: 'raw'; text: string | Uint8Array; contentType: string | undefined }

export interface FuzzRequest {
  path: string
  method: string
  auth: FuzzAuth
  body: FuzzBody
}

export interface FuzzAnswer {
  status: number
  headers: Headers
  text: string
  body: Json
}

/** Where the fuzz's requests go, and what they may name. */
export interface FuzzWorld {
  store: Store
  env: ApiEnvironment
  theirs: CreatedWorkspace
  mine: CreatedWorkspace
  email: string
  password: string
  sessionToken: string
  pools: Record<IdScope, Map<string, string[]>>
  /** Puts the seeded codes on their keypads (sandbox locks answering at once), so keypad simulations have work. */
  reconciler: Reconciler
}

const PASSWORD = 'fuzz-password-1'
const EMAIL = 'fuzz@latchkey.test'

export async function openFuzzWorld(): Promise<FuzzWorld> {
  const store = await openTestStore()
  const clock = new ManualClock(FUZZ_NOW)
  const env = { db: store.db, clock }
  const theirs = await createWorkspace(store.db, clock, { name: 'Theirs', sandboxDevices: 2 })
  const user = await createUser(store.db, clock, { email: EMAIL, password: PASSWORD })
  const { token } = await createSession(store.db, clock, user.user_id)
  const world: FuzzWorld = {
    store,
    env,
    theirs,
    mine: theirs,
    email: EMAIL,
    password: PASSWORD,
    sessionToken: token,
    pools: { mine: new Map(), theirs: new Map(), unknown: new Map() },
    reconciler: new Reconciler({
      db: store.db,
      engine: store.engine,
      clock,
      providerFor: createProviderResolver({ db: store.db, clock, sandboxLatencyScale: 0 }),
      settings: {},
      log: () => undefined,
    }),
  }
  await seedWorkspace(world, theirs)
  return world
}

/**
 * A fresh workspace of the caller's (the signed-in user is its admin), seeded, with its pools loaded. For `path`'s
 * access_code_id: unmanaged codes on the unmanaged endpoints, managed ones elsewhere.
 */
export async function useFreshWorkspace(world: FuzzWorld, name: string, path = ''): Promise<void> {
  const user = await world.store.db.selectFrom('users').select('user_id').where('email', '=', EMAIL).executeTakeFirst()
  if (user === undefined) throw new Error('the fuzz user is missing')
  world.mine = await createWorkspace(world.store.db, world.env.clock, { name, sandboxDevices: 4 })
  // A new session each time: an operation before may have ended them all (sign_out_everywhere).
  world.sessionToken = (await createSession(world.store.db, world.env.clock, user.user_id)).token
  await addMembership(world.store.db, world.env.clock, user.user_id, world.mine.workspace_id, 'admin')
  await seedWorkspace(world, world.mine)
  const unmanaged = path.includes('/unmanaged/')
  world.pools.mine = await poolsOf(world, world.mine.workspace_id, unmanaged)
  world.pools.theirs = await poolsOf(world, world.theirs.workspace_id, unmanaged)
}

/** Codes (one time-bound, two sharing a common_code_key), an unmanaged code, and a stay, made through the API. */
async function seedWorkspace(world: FuzzWorld, ws: CreatedWorkspace): Promise<void> {
  const [first, second] = ws.device_ids
  if (first === undefined || second === undefined) throw new Error('the workspace needs two locks')
  const seeds: [string, Json][] = [
    ['/access_codes/create', { device_id: first, name: 'Seed ongoing' }],
    [
      '/access_codes/create',
      {
        device_id: second,
        name: 'Seed time-bound',
        starts_at: new Date(FUZZ_NOW.getTime() + 3_600_000).toISOString(),
        ends_at: new Date(FUZZ_NOW.getTime() + 86_400_000).toISOString(),
      },
    ],
    ['/access_codes/create_multiple', { device_ids: [first, second], name: 'Seed shared' }],
    ['/access_codes/simulate/create_unmanaged_access_code', { device_id: first, code: '8642', name: 'Seed unmanaged' }],
    [
      '/stays/create',
      {
        reservation_key: `seed-${ws.workspace_id.slice(0, 8)}`,
        guest_name: 'Seed guest',
        device_ids: [first, second],
        check_in: new Date(FUZZ_NOW.getTime() + 2 * 86_400_000).toISOString(),
        check_out: new Date(FUZZ_NOW.getTime() + 4 * 86_400_000).toISOString(),
      },
    ],
  ]
  for (const [path, body] of seeds) {
    const answer = await sendRaw(world, ws, {
      path,
      method: 'POST',
      auth: 'api_key',
      body: { kind: 'json', value: body },
    })
    if (answer.status !== 200) throw new Error(`seeding ${path} failed: ${answer.status} ${answer.text.slice(0, 300)}`)
  }
  await world.reconciler.runUntilIdle()
}

/** Every id and key of a workspace, by what the fuzz calls it (`device`, `access_code`, `reservation_key`, …). */
async function poolsOf(world: FuzzWorld, workspaceId: string, unmanaged: boolean): Promise<Map<string, string[]>> {
  const db = world.store.db
  const strings = (values: (string | null)[]): string[] => values.filter((v): v is string => v !== null)
  const codes = await db
    .selectFrom('access_codes')
    .select(['access_code_id', 'common_code_key'])
    .where('workspace_id', '=', workspaceId)
    .where('is_managed', '=', unmanaged ? 0 : 1)
    .orderBy('access_code_id')
    .execute()
  const stays = await db
    .selectFrom('stays')
    .select(['stay_id', 'reservation_key'])
    .where('workspace_id', '=', workspaceId)
    .orderBy('stay_id')
    .execute()
  const devices = await db.selectFrom('devices').select('device_id').where('workspace_id', '=', workspaceId).execute()
  const attempts = await db
    .selectFrom('action_attempts')
    .select('action_attempt_id')
    .where('workspace_id', '=', workspaceId)
    .execute()
  const events = await db
    .selectFrom('events')
    .select('event_id')
    .where('workspace_id', '=', workspaceId)
    .orderBy('event_id')
    .limit(50)
    .execute()
  const accounts = await db
    .selectFrom('connected_accounts')
    .select('connected_account_id')
    .where('workspace_id', '=', workspaceId)
    .execute()
  const keys = await db.selectFrom('api_keys').select('api_key_id').where('workspace_id', '=', workspaceId).execute()
  const properties = await db
    .selectFrom('properties')
    .select('property_id')
    .where('workspace_id', '=', workspaceId)
    .execute()
  const sorted = (values: string[]): string[] => [...values].sort()
  return new Map([
    ['device', sorted(devices.map((r) => r.device_id))],
    ['access_code', codes.map((r) => r.access_code_id)],
    ['common_code_key', strings(codes.map((r) => r.common_code_key))],
    ['action_attempt', sorted(attempts.map((r) => r.action_attempt_id))],
    ['event', events.map((r) => r.event_id)],
    ['stay', stays.map((r) => r.stay_id)],
    ['reservation_key', stays.map((r) => r.reservation_key)],
    ['connected_account', sorted(accounts.map((r) => r.connected_account_id))],
    ['api_key', sorted(keys.map((r) => r.api_key_id))],
    ['property', sorted(properties.map((r) => r.property_id))],
  ])
}

/** UUIDs that name nothing: the nil and max UUIDs, and well-formed ones derived from the pick. */
function unknownId(pick: number): string {
  if (pick % 7 === 0) return '00000000-0000-0000-0000-000000000000'
  if (pick % 7 === 1) return 'ffffffff-ffff-ffff-ffff-ffffffffffff'
  const hex = createHash('sha1').update(`unknown-${pick}`).digest('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

/** The body with every IdRef replaced by a real id (or key) of its scope, picked by index. */
export function resolveIds(world: FuzzWorld, value: unknown): unknown {
  if (value instanceof IdRef) {
    const pool = world.pools[value.scope].get(value.entity) ?? []
    return pool[value.pick % Math.max(pool.length, 1)] ?? unknownId(value.pick)
  }
  if (Array.isArray(value)) return value.map((v) => resolveIds(world, v))
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) {
      Object.defineProperty(out, k, {
        value: resolveIds(world, v),
        enumerable: true,
        writable: true,
        configurable: true,
      })
    }
    return out
  }
  return value
}

function toQuery(value: Record<string, unknown>): URLSearchParams {
  const params = new URLSearchParams()
  const text = (v: unknown): string => (typeof v === 'string' ? v : (JSON.stringify(v) ?? 'undefined'))
  for (const [key, v] of Object.entries(value)) {
    if (Array.isArray(v)) for (const item of v) params.append(`${key}[]`, text(item))
    else params.append(key, text(v))
  }
  return params
}

async function sendRaw(
  world: FuzzWorld,
  ws: CreatedWorkspace,
  request: FuzzRequest,
  ready?: () => Promise<void>,
): Promise<FuzzAnswer> {
  const url = new URL(`http://127.0.0.1/api${request.path}`)
  const headers = new Headers()
  let body: string | ArrayBuffer | undefined
  switch (request.body.kind) {
    case 'json':
      body = JSON.stringify(request.body.value)
      headers.set('content-type', 'application/json')
      break
    case 'query':
      url.search = toQuery(request.body.value).toString()
      break
    case 'raw':
      body = typeof request.body.text === 'string' ? request.body.text : request.body.text.slice().buffer
      if (request.body.contentType !== undefined) headers.set('content-type', request.body.contentType)
      break
  }
  switch (request.auth) {
    case 'api_key':
      headers.set('authorization', `Bearer ${ws.api_key}`)
      break
    case 'bad_key':
      headers.set('authorization', 'Bearer seam_not_a_real_key_0123456789')
      break
    case 'session':
    case 'fresh_session': {
      let token = world.sessionToken
      if (request.auth === 'fresh_session') {
        const user = await world.store.db.selectFrom('users').select('user_id').executeTakeFirstOrThrow()
        token = (await createSession(world.store.db, world.env.clock, user.user_id)).token
      }
      headers.set('cookie', `${SESSION_COOKIE}=${token}`)
      headers.set(CLIENT_HEADER, 'fuzz')
      headers.set(WORKSPACE_HEADER, ws.workspace_id)
      break
    }
    case 'none':
      headers.set(CLIENT_HEADER, 'fuzz')
      break
  }
  const method = request.method
  const sendsBody = body !== undefined && method !== 'GET' && method !== 'HEAD'
  const httpRequest = new Request(url, { method, headers, ...(sendsBody ? { body } : {}) })
  await ready?.()
  const response = await checkedResponse(request.path, await handleApiRequest(httpRequest, request.path, world.env))
  const text = await response.text()
  let parsed: unknown = undefined
  try {
    parsed = JSON.parse(text)
  } catch {
    // checked by the caller
  }
  return { status: response.status, headers: response.headers, text, body: isJson(parsed) ? parsed : {} }
}

/** Sends one request as the caller's workspace; `ready` runs after its set-up (a fresh session), just before. */
export const sendFuzz = (world: FuzzWorld, request: FuzzRequest, ready?: () => Promise<void>): Promise<FuzzAnswer> =>
  sendRaw(world, world.mine, request, ready)

// What a leaked internal looks like: a stack frame, a file path, SQL or a driver's message.
const STACK = /\n\s+at\s|\bat\s+\S+\s+\(|\.(?:ts|js|mjs|cjs):\d+|node_modules|\/work\/|file:\/\//
const SQL =
  /\bSELECT\b[\s\S]+\bFROM\b|\bINSERT\s+INTO\b|\bUPDATE\s+"?\w+"?\s+SET\b|\bDELETE\s+FROM\b|SQLITE_|\bconstraint\s+"|constraint failed|violates|\brelation\s+"|syntax error at|duplicate key/

const knownTypes = new Set(Object.keys(errorStatus))

/** Asserts what every answer must be; returns whether the request was refused. */
export function checkAnswer(request: FuzzRequest, answer: FuzzAnswer, world: FuzzWorld): boolean {
  const what = `${request.method} ${request.path} (${request.auth}) answered ${answer.status}: ${answer.text.slice(0, 600)}`
  expect(answer.status, `a 5xx: ${what}`).toBeLessThan(500)
  expect(answer.text, `the body is not a JSON object: ${what}`).toMatch(/^\{/)
  if (answer.status === 200) {
    expect(answer.body.ok, what).toBe(true)
    // An id sent as a name (or other free text) may come back as that text; in any other place it is a leak.
    const echoed = new Set(freeTextOf(request))
    for (const id of theirIds(world)) {
      if (echoed.has(id)) continue
      expect(answer.text.includes(id), `shows ${id} of another workspace: ${what}`).toBe(false)
    }
    return false
  }
  const error = answer.body.error
  expect(answer.body.ok, `not the error envelope: ${what}`).toBe(false)
  if (!isJson(error)) throw new Error(`not the error envelope: ${what}`)
  expect(Object.keys(answer.body).sort(), what).toEqual(['error', 'ok'])
  expect(typeof error.type === 'string' && knownTypes.has(error.type), `an unknown error type: ${what}`).toBe(true)
  expect(answer.status, `the status does not match the type's: ${what}`).toBe(
    (errorStatus as Record<string, number>)[String(error.type)],
  )
  expect(typeof error.message === 'string' && error.message.length > 0, `no message: ${what}`).toBe(true)
  expect(error.request_id, `no request_id: ${what}`).toBe(answer.headers.get('seam-request-id'))
  const message = String(error.message)
  expect(message, `a stack trace or path in the message: ${what}`).not.toMatch(STACK)
  expect(message, `SQL in the message: ${what}`).not.toMatch(SQL)
  return true
}

const isIdField = (key: string): boolean => /_ids?$/.test(key)

/** The strings a request carries outside its id fields (names, codes, …), at any depth. */
function freeTextOf(request: FuzzRequest): string[] {
  if (request.body.kind === 'raw') return []
  const out: string[] = []
  const walk = (value: unknown, key: string): void => {
    if (typeof value === 'string') {
      if (!isIdField(key)) out.push(value)
    } else if (Array.isArray(value)) value.forEach((v) => walk(v, key))
    else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) walk(v, k)
  }
  walk(request.body.value, '')
  return out
}

let theirIdsCache: { world: FuzzWorld; ids: string[] } | undefined
function theirIds(world: FuzzWorld): string[] {
  if (theirIdsCache?.world !== world) {
    const ids = [...world.pools.theirs.entries()]
      .filter(([entity]) => entity !== 'reservation_key' && entity !== 'common_code_key')
      .flatMap(([, values]) => values)
    theirIdsCache = { world, ids }
  }
  return theirIdsCache.ids
}

/** Fingerprints the store after each request and fails when a refused one changed it. */
export class UnchangedByRefusals {
  readonly #fingerprinter: StoreFingerprinter
  readonly #world: FuzzWorld
  #current: StoreFingerprint | undefined

  constructor(world: FuzzWorld) {
    this.#fingerprinter = new StoreFingerprinter(world.store.db, testEngine)
    this.#world = world
  }

  /** The caller's workspace and the other one are digested row by row; the rest of the store by its row counts. */
  #take(): Promise<StoreFingerprint> {
    return this.#fingerprinter.take([this.#world.mine.workspace_id, this.#world.theirs.workspace_id])
  }

  /** Call before a request whose set-up itself writes (a fresh session), and after anything else that writes. */
  async reset(): Promise<void> {
    this.#current = await this.#take()
  }

  /** Milliseconds spent fingerprinting, for the fuzz's timing summary. */
  spentMs = 0

  async after(refused: boolean, what: string): Promise<void> {
    const t0 = performance.now()
    const before = this.#current ?? (await this.#take())
    const after = await this.#take()
    this.spentMs += performance.now() - t0
    this.#current = after
    if (refused) expect(changedTables(before, after), `a refused request changed the store: ${what}`).toEqual([])
  }

  take(): Promise<StoreFingerprint> {
    return this.#take()
  }
}
