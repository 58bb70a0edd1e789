// A property-based fuzz of every operation of the API (lib/api/operations.ts and lib/api/auth-operations.ts, read
// from the tables, so a new operation is fuzzed without a change here). Each gets valid bodies built from its zod
// input schema and broken ones (wrong types, extra and missing fields, huge, empty and odd strings, out-of-range
// numbers, bad dates, arrays for scalars, deep nesting, another workspace's ids, non-JSON bodies, wrong methods and
// credentials), and every answer must be: below 500, the error envelope with a catalogued type and its status, no
// stack trace or SQL in the message, no other workspace's ids, and — when refused — the store unchanged.
// Seeded and bounded: FUZZ_RUNS=<n> runs n cases per operation (default 25), FUZZ_SEED=<n> replays another seed.
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { authOperations } from '@/lib/api/auth-operations'
import { MAX_AUTH_BODY_BYTES, MAX_BODY_BYTES } from '@/lib/api/handle-request'
import { operations } from '@/lib/api/operations'
import type { z } from 'zod'
import {
  applyMutations,
  bodyShapeOf,
  mutationsOf,
  rawBody,
  type BodyShape,
  type FieldHints,
} from '@/tests/support/fuzz-arbitraries'
import {
  checkAnswer,
  openFuzzWorld,
  resolveIds,
  sendFuzz,
  UnchangedByRefusals,
  useFreshWorkspace,
  type FuzzAuth,
  type FuzzBody,
  type FuzzRequest,
  type FuzzWorld,
} from '@/tests/support/fuzz-fixture'
import { changedTables } from '@/tests/support/fuzz-store'
import { createWorkspace } from '@/lib/workspaces/create-workspace'
import { testEngine } from '@/tests/support/test-store'

const RUNS = Number(process.env.FUZZ_RUNS ?? 25)
const SEED = Number(process.env.FUZZ_SEED ?? 1305)
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error(`FUZZ_RUNS must be a positive integer, not ${RUNS}`)
if (!Number.isInteger(SEED)) throw new Error(`FUZZ_SEED must be an integer, not ${SEED}`)

interface FuzzedOperation {
  path: string
  methods: readonly string[]
  input: z.ZodType
  /** Who may call it: an API key (or any member), only a signed-in admin, or anyone (the sign-in endpoints). */
  caller: 'any' | 'session' | 'public'
  maxBodyBytes: number
}

const fuzzed: FuzzedOperation[] = [
  ...operations.map((op) => ({
    path: op.path,
    methods: op.methods,
    input: op.input,
    caller: op.auth === 'session' ? ('session' as const) : ('any' as const),
    maxBodyBytes: op.maxBodyBytes ?? MAX_BODY_BYTES,
  })),
  ...authOperations.map((op) => ({
    path: op.path,
    methods: op.methods,
    input: op.input,
    caller: 'public' as const,
    maxBodyBytes: MAX_AUTH_BODY_BYTES,
  })),
]

const ALL_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const

/** A 32-bit hash of the path, so each operation's seed stays the same when operations are added or reordered. */
const seedOf = (path: string): number => {
  let h = SEED | 0
  for (const ch of path) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0
  return h
}

function authsOf(op: FuzzedOperation): fc.Arbitrary<FuzzAuth> {
  if (op.caller === 'public') {
    if (op.path === '/auth/sign_in') return fc.constant('none')
    return fc.constantFrom<FuzzAuth>('fresh_session', 'none')
  }
  if (op.caller === 'session') return fc.constantFrom<FuzzAuth>('session', 'session', 'session', 'api_key')
  return fc.constantFrom<FuzzAuth>('api_key', 'api_key', 'api_key', 'session')
}

const bodyFor = (method: string, value: Record<string, unknown>): FuzzBody =>
  method === 'GET' ? { kind: 'query', value } : { kind: 'json', value }

interface FuzzCase {
  kind: 'valid' | 'mutated' | 'raw' | 'credentials' | 'method' | 'too_large'
  request: FuzzRequest
}

function casesOf(op: FuzzedOperation, shape: BodyShape): fc.Arbitrary<FuzzCase> {
  const method = fc.constantFrom(...op.methods)
  const bodyMethod = op.methods.find((m) => m !== 'GET') ?? 'GET'
  const request = (kind: FuzzCase['kind'], r: Omit<FuzzRequest, 'path'>): FuzzCase => ({
    kind,
    request: { path: op.path, ...r },
  })
  const wrongMethods = ALL_METHODS.filter((m) => !op.methods.includes(m))
  const cases: fc.WeightedArbitrary<FuzzCase>[] = [
    {
      weight: 3,
      arbitrary: fc
        .tuple(shape.valid, method, authsOf(op))
        .map(([body, m, auth]) => request('valid', { method: m, auth, body: bodyFor(m, body) })),
    },
    {
      weight: 6,
      arbitrary: fc
        .tuple(shape.valid, mutationsOf(shape), method, authsOf(op))
        .map(([body, mutations, m, auth]) =>
          request('mutated', { method: m, auth, body: bodyFor(m, applyMutations(body, mutations)) }),
        ),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(rawBody, authsOf(op))
        .map(([raw, auth]) => request('raw', { method: bodyMethod, auth, body: { kind: 'raw', ...raw } })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(shape.valid, method, fc.constantFrom<FuzzAuth>('none', 'bad_key'))
        .map(([body, m, auth]) => request('credentials', { method: m, auth, body: bodyFor(m, body) })),
    },
  ]
  if (wrongMethods.length > 0) {
    cases.push({
      weight: 1,
      arbitrary: fc
        .tuple(shape.valid, fc.constantFrom(...wrongMethods), authsOf(op))
        .map(([body, m, auth]) => request('method', { method: m, auth, body: bodyFor(m, body) })),
    })
  }
  if (bodyMethod !== 'GET' && op.maxBodyBytes <= MAX_BODY_BYTES) {
    cases.push({
      weight: 1,
      arbitrary: authsOf(op).map((auth) =>
        request('too_large', {
          method: bodyMethod,
          auth,
          body: { kind: 'json', value: { name: 'x'.repeat(op.maxBodyBytes) } },
        }),
      ),
    })
  }
  return fc.oneof(...cases)
}

/** Valid values the schemas cannot tell: the fuzz user's credentials, and the names a stays CSV refers to. */
async function hintsOf(w: FuzzWorld): Promise<FieldHints> {
  const db = w.store.db
  const ws = w.mine.workspace_id
  const property = await db.selectFrom('properties').select('name').where('workspace_id', '=', ws).executeTakeFirst()
  const locks = await db.selectFrom('devices').select('display_name').where('workspace_id', '=', ws).execute()
  return {
    email: w.email,
    password: w.password,
    propertyName: property?.name ?? 'none',
    lockNames: locks.map((l) => l.display_name),
  }
}

let world: FuzzWorld
let tracker: UnchangedByRefusals
let theirsBefore: string
const started = Date.now()
const summary: string[] = []
/** The operations that answered at least one request with 200. */
const succeeded = new Set<string>()

/** Another workspace's rows, for the check that nothing the fuzz sends as this workspace touches them. */
async function theirRows(): Promise<string> {
  const db = world.store.db
  const ws = world.theirs.workspace_id
  const rows = await Promise.all([
    db.selectFrom('devices').selectAll().where('workspace_id', '=', ws).orderBy('device_id').execute(),
    db.selectFrom('access_codes').selectAll().where('workspace_id', '=', ws).orderBy('access_code_id').execute(),
    db.selectFrom('stays').selectAll().where('workspace_id', '=', ws).orderBy('stay_id').execute(),
    db.selectFrom('events').selectAll().where('workspace_id', '=', ws).orderBy('event_id').execute(),
    db.selectFrom('connected_accounts').selectAll().where('workspace_id', '=', ws).execute(),
    db.selectFrom('api_keys').selectAll().where('workspace_id', '=', ws).execute(),
  ])
  return JSON.stringify(rows)
}

beforeAll(async () => {
  world = await openFuzzWorld()
  tracker = new UnchangedByRefusals(world)
  theirsBefore = await theirRows()
})

afterAll(async () => {
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  console.log(
    `[fuzz] ${fuzzed.length} operations × ${RUNS} runs on ${testEngine} (FUZZ_SEED=${SEED}) in ${seconds} s\n` +
      summary.join('\n'),
  )
  await world?.store.close()
})

describe('the store fingerprint', () => {
  it('sees a changed row, an added row and a removed row', async () => {
    await useFreshWorkspace(world, 'Fingerprint check')
    const db = world.store.db
    const [device] = world.mine.device_ids
    if (device === undefined) throw new Error('no device')
    const before = await tracker.take()
    await db.updateTable('devices').set({ display_name: 'Renamed' }).where('device_id', '=', device).execute()
    expect(changedTables(before, await tracker.take())).toEqual(['devices'])
    await db.updateTable('devices').set({ display_name: 'Front door' }).where('device_id', '=', device).execute()
    const renamedBack = await tracker.take()
    await db.updateTable('sandbox_keypad_codes').set({ disabled: 1 }).where('device_id', '=', device).execute()
    const disabled = await tracker.take()
    expect(changedTables(renamedBack, disabled)).toEqual(['sandbox_keypad_codes'])
    await db.deleteFrom('api_keys').where('workspace_id', '=', world.mine.workspace_id).execute()
    expect(changedTables(disabled, await tracker.take())).toEqual(['api_keys'])
  })

  it('sees rows added to a workspace outside its scope, by their count', async () => {
    const before = await tracker.take()
    await createWorkspace(world.store.db, world.env.clock, { name: 'Out of scope', sandboxDevices: 1 })
    expect(changedTables(before, await tracker.take())).toEqual(
      expect.arrayContaining(['api_keys', 'devices', 'properties', 'workspaces']),
    )
  })
})

describe.each(fuzzed.map((op) => [op.path, op] as const))('fuzz %s', (path, op) => {
  it(
    'answers every body with success or the error envelope, never a 5xx, and refusals change nothing',
    async () => {
      await useFreshWorkspace(world, `Fuzz ${path}`, path)
      const shape = bodyShapeOf(op.input, await hintsOf(world))
      await tracker.reset()
      const counts = new Map<string, number>()
      const t0 = Date.now()
      const fingerprintMsBefore = tracker.spentMs
      const everyAnswer = fc.asyncProperty(casesOf(op, shape), async (fuzzCase) => {
        const request: FuzzRequest = {
          ...fuzzCase.request,
          body:
            fuzzCase.request.body.kind === 'raw'
              ? fuzzCase.request.body
              : ({
                  kind: fuzzCase.request.body.kind,
                  value: resolveIds(world, fuzzCase.request.body.value),
                } as FuzzBody),
        }
        const answer = await sendFuzz(
          world,
          request,
          request.auth === 'fresh_session' ? () => tracker.reset() : undefined,
        )
        const refused = checkAnswer(request, answer, world)
        const outcome = `${fuzzCase.kind}:${refused ? String((answer.body.error as { type?: unknown }).type) : 'ok'}`
        counts.set(outcome, (counts.get(outcome) ?? 0) + 1)
        await tracker.after(refused, `${request.method} ${path} ${JSON.stringify(request.body).slice(0, 400)}`)
      })
      try {
        await fc.assert(everyAnswer, { seed: seedOf(path), numRuns: RUNS })
      } catch (error) {
        throw new Error(`fuzz of ${path} failed (replay: FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS}): ${String(error)}`, {
          cause: error,
        })
      }
      expect(await theirRows(), 'another workspace changed').toBe(theirsBefore)
      if ([...counts.keys()].some((k) => k.endsWith(':ok'))) succeeded.add(path)
      const oks = [...counts].filter(([k]) => k.endsWith(':ok')).reduce((n, [, c]) => n + c, 0)
      const fingerprintMs = Math.round(tracker.spentMs - fingerprintMsBefore)
      const outcomes = process.env.FUZZ_VERBOSE === undefined ? '' : ` ${JSON.stringify(Object.fromEntries(counts))}`
      summary.push(
        `  ${path.padEnd(52)} ${String(Date.now() - t0).padStart(5)} ms (store checks ${String(fingerprintMs).padStart(4)} ms)  ${oks} ok / ${RUNS}${outcomes}`,
      )
    },
    30_000 + RUNS * 1_000,
  )
})

describe('the fuzz itself', () => {
  // If the fixture broke (every call unauthorized, every id unknown), the checks above would pass on refusals alone.
  it.skipIf(RUNS < 25)('got past validation: most operations answered some valid bodies with 200', () => {
    expect(succeeded.size, `only these succeeded: ${[...succeeded].join(', ')}`).toBeGreaterThanOrEqual(
      Math.ceil(fuzzed.length * 0.6),
    )
  })
})
