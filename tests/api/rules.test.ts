// The rules of issue 2, item 6, over HTTP against the real API handler and a real store.
import { isSeamHttpApiError, isSeamHttpInvalidInputError, Seam } from 'seam'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pullBackupAccessCode } from '@/lib/access-codes/backup-pool'
import { codeProblems, type CodeRulesDevice } from '@/lib/shared/code-rules'
import { createAccessCode } from '@/lib/access-codes/create-access-code'
import { createMultipleAccessCodes } from '@/lib/access-codes/create-multiple-access-codes'
import { updateAccessCode, updateMultipleAccessCodes } from '@/lib/access-codes/update-access-code'
import { DomainError } from '@/lib/errors/domain-error'
import type { ServiceContext } from '@/lib/context'
import type { Store } from '@/lib/db/connection'
import { addSandboxDevice } from '@/lib/devices/add-sandbox-device'
import { profileFor, sandboxLockProfiles, type SandboxLockProfile } from '@/lib/locks/sandbox-profiles'
import {
  createAccessCodeInput,
  createMultipleAccessCodesInput,
  updateAccessCodeInput,
  updateMultipleAccessCodesInput,
  type AccessCode,
} from '@/lib/schemas/access-code'
import type { ActionAttempt } from '@/lib/schemas/action-attempt'
import type { CodeConstraintType } from '@/lib/schemas/device'
import type { SeamEvent } from '@/lib/schemas/event'
import { ManualClock } from '@/lib/time/clock'
import { createWorkspace } from '@/lib/workspaces/create-workspace'
import { startTestApiServer, type TestApiServer } from '@/tests/support/api-server'
import { openTestStore } from '@/tests/support/test-store'

// ---- harness

interface ApiErrorBody {
  type: string
  message: string
  validation_errors?: Record<string, { _errors: string[] }>
  [key: string]: unknown
}

interface DeviceBody {
  device_id: string
  connected_account_id: string
  properties: { supported_code_lengths?: number[]; code_constraints?: unknown[] }
}

interface ApiBody {
  ok: boolean
  error?: ApiErrorBody
  access_code?: AccessCode
  access_codes?: AccessCode[]
  backup_access_code?: AccessCode
  action_attempt?: ActionAttempt
  generated_code?: { device_id: string; code: string }
  events?: SeamEvent[]
  event?: SeamEvent
  device?: DeviceBody
}

interface Reply {
  status: number
  body: ApiBody
}

type LockSpec = string | (Partial<SandboxLockProfile> & { provider: string; label?: string })

interface Workspace<D extends readonly string[]> {
  workspaceId: string
  apiKey: string
  seam: Seam
  devices: D
  call(path: string, body: Record<string, unknown>, method?: string): Promise<Reply>
}

let store: Store
let server: TestApiServer
const clock = new ManualClock('2030-01-01T00:00:00.000Z')
let workspaceCount = 0

beforeAll(async () => {
  store = await openTestStore()
  server = await startTestApiServer({ db: store.db, clock })
})
afterAll(async () => {
  await server.close()
  await store.close()
})

function profileOf(spec: LockSpec): SandboxLockProfile {
  const provider = typeof spec === 'string' ? spec : spec.provider
  const base = profileFor(provider)
  if (base === undefined) throw new Error(`no sandbox profile for ${provider}`)
  return typeof spec === 'string' ? base : { ...base, ...spec }
}

const rulesOf = (spec: LockSpec): CodeRulesDevice => {
  const profile = profileOf(spec)
  return { supportedCodeLengths: profile.supportedCodeLengths, codeConstraints: profile.codeConstraints }
}

/** A fresh workspace holding one sandbox lock per spec, in that order; each test gets its own locks. */
async function workspaceWith<const L extends readonly LockSpec[]>(
  ...locks: L
): Promise<Workspace<{ [K in keyof L]: string }>> {
  workspaceCount++
  const ws = await createWorkspace(store.db, clock, { name: `Rules ${workspaceCount}`, sandboxDevices: 0 })
  const devices: string[] = []
  for (const [i, spec] of locks.entries()) {
    const profile = profileOf(spec)
    const label = typeof spec === 'string' ? undefined : spec.label
    devices.push(
      await addSandboxDevice(store.db, clock, {
        workspaceId: ws.workspace_id,
        propertyId: ws.property_id,
        profile,
        displayName: label ?? `${profile.manufacturerDisplayName} lock ${i + 1}`,
      }),
    )
  }
  const apiKey = ws.api_key
  return {
    workspaceId: ws.workspace_id,
    apiKey,
    seam: new Seam({ endpoint: server.endpoint, apiKey }),
    devices: devices as unknown as { [K in keyof L]: string },
    call: async (path, body, method = 'POST') => {
      const response = await fetch(`${server.endpoint}${path}`, {
        method,
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
      return { status: response.status, body: (await response.json()) as ApiBody }
    },
  }
}

/** Asserts the error envelope and returns the error. */
function expectError(reply: Reply, status: number, type: string): ApiErrorBody {
  expect({ status: reply.status, type: reply.body.error?.type }, JSON.stringify(reply.body)).toEqual({ status, type })
  expect(reply.body.ok).toBe(false)
  return reply.body.error ?? { type: '', message: '' }
}

/** Asserts a 400 invalid_input and returns the fields it names. */
function expectInvalidFields(reply: Reply): string[] {
  const error = expectError(reply, 400, 'invalid_input')
  return Object.keys(error.validation_errors ?? {}).filter((field) => field !== '_errors')
}

function expectOk(reply: Reply): ApiBody {
  expect(reply.status, JSON.stringify(reply.body)).toBe(200)
  expect(reply.body.ok).toBe(true)
  return reply.body
}

function accessCodeOf(reply: Reply): AccessCode {
  const code = expectOk(reply).access_code
  if (code === undefined) throw new Error('no access_code in the response')
  return code
}

async function create(ws: Workspace<readonly string[]>, body: Record<string, unknown>): Promise<AccessCode> {
  return accessCodeOf(await ws.call('/access_codes/create', body))
}

async function get(ws: Workspace<readonly string[]>, accessCodeId: string): Promise<AccessCode> {
  return accessCodeOf(await ws.call('/access_codes/get', { access_code_id: accessCodeId }))
}

async function list(ws: Workspace<readonly string[]>, deviceId: string): Promise<AccessCode[]> {
  return expectOk(await ws.call('/access_codes/list', { device_id: deviceId })).access_codes ?? []
}

async function createMultiple(ws: Workspace<readonly string[]>, body: Record<string, unknown>): Promise<AccessCode[]> {
  return expectOk(await ws.call('/access_codes/create_multiple', body, 'PUT')).access_codes ?? []
}

/** An ISO instant `hours` from the test clock's now. */
const inHours = (hours: number): string => new Date(clock.now().getTime() + hours * 3_600_000).toISOString()

const statusesOf = (replies: readonly Reply[]): number[] => replies.map((r) => r.status).sort()

// ---- PIN length and constraints

describe('a chosen PIN must fit the lock', () => {
  it('Lockly: 6 to 8 digits, no zeros, three different digits, no runs; August takes the same PINs fine', async () => {
    const ws = await workspaceWith('lockly', 'august')
    const [lockly, august] = ws.devices
    for (const code of ['1357', '13579', '135792468', '135702', '123456', '654321', '113113']) {
      const reply = await ws.call('/access_codes/create', { device_id: lockly, code })
      expect(expectInvalidFields(reply), code).toEqual(['code'])
    }
    const tooShort = expectError(
      await ws.call('/access_codes/create', { device_id: lockly, code: '1357' }),
      400,
      'invalid_input',
    )
    expect(tooShort.validation_errors?.code?._errors.join(' ')).toContain('6 to 8 digits')
    expect(await list(ws, lockly)).toEqual([])

    expect((await create(ws, { device_id: lockly, code: '135792' })).code).toBe('135792')
    expect((await create(ws, { device_id: lockly, code: '97531864' })).code).toBe('97531864')
    for (const code of ['1357', '135702', '123456', '113113']) {
      expect((await create(ws, { device_id: august, code })).code).toBe(code)
    }
  })

  it('Nuki: exactly 6 digits, no zeros, not starting with 12', async () => {
    const ws = await workspaceWith('nuki')
    const [nuki] = ws.devices
    for (const code of ['124578', '1357', '1357924', '305791']) {
      expect(expectInvalidFields(await ws.call('/access_codes/create', { device_id: nuki, code })), code).toEqual([
        'code',
      ])
    }
    expect((await create(ws, { device_id: nuki, code: '214578' })).code).toBe('214578')
  })

  it('Kwikset: no ascending or descending runs, not one digit throughout', async () => {
    const ws = await workspaceWith('kwikset')
    const [kwikset] = ws.devices
    for (const code of ['1234', '4321', '7777', '56789']) {
      expect(expectInvalidFields(await ws.call('/access_codes/create', { device_id: kwikset, code })), code).toEqual([
        'code',
      ])
    }
    expect((await create(ws, { device_id: kwikset, code: '1357' })).code).toBe('1357')
  })

  const constraintCases: { type: CodeConstraintType; bad: string; good: string }[] = [
    { type: 'no_zeros', bad: '1024', good: '1324' },
    { type: 'cannot_start_with_12', bad: '1298', good: '2198' },
    { type: 'no_triple_consecutive_ints', bad: '5789', good: '5798' },
    { type: 'no_ascending_or_descending_sequence', bad: '9876', good: '9867' },
    { type: 'at_least_three_unique_digits', bad: '3443', good: '3453' },
    { type: 'cannot_contain_089', bad: '1829', good: '1727' },
    { type: 'cannot_contain_0789', bad: '1727', good: '1626' },
    { type: 'no_all_same_digits', bad: '6666', good: '6665' },
  ]

  it('every PIN constraint type is enforced on create, and generated PINs obey it', async () => {
    const locks = constraintCases.map(({ type }) => ({
      provider: 'august',
      label: `Lock with ${type}`,
      supportedCodeLengths: [4],
      codeConstraints: [{ constraint_type: type }],
    }))
    const ws = await workspaceWith(...locks)
    for (const [i, { type, bad, good }] of constraintCases.entries()) {
      const deviceId = ws.devices[i] ?? ''
      const refused = expectError(
        await ws.call('/access_codes/create', { device_id: deviceId, code: bad }),
        400,
        'invalid_input',
      )
      expect(Object.keys(refused.validation_errors ?? {}), type).toContain('code')
      expect((await create(ws, { device_id: deviceId, code: good })).code, type).toBe(good)
      for (let run = 0; run < 15; run++) {
        const generated = await create(ws, { device_id: deviceId })
        expect(codeProblems(generated.code ?? '', rulesOf(locks[i] ?? 'august')), `${type}: ${generated.code}`).toEqual(
          [],
        )
      }
    }
  })

  it('unique_first_four_digits compares with the other codes on the lock', async () => {
    const ws = await workspaceWith({
      provider: 'august',
      supportedCodeLengths: [6],
      codeConstraints: [{ constraint_type: 'unique_first_four_digits' }],
    })
    const [lock] = ws.devices
    await create(ws, { device_id: lock, code: '135790' })
    expect(expectInvalidFields(await ws.call('/access_codes/create', { device_id: lock, code: '135712' }))).toEqual([
      'code',
    ])
    await create(ws, { device_id: lock, code: '246812' })
    for (let run = 0; run < 10; run++) {
      const generated = await create(ws, { device_id: lock })
      expect(['1357', '2468']).not.toContain((generated.code ?? '').slice(0, 4))
    }
    const firstFours = (await list(ws, lock)).map((c) => (c.code ?? '').slice(0, 4))
    expect(new Set(firstFours).size).toBe(firstFours.length)
  })

  it('a lock that assigns its own PINs refuses a chosen one and takes a generated one', async () => {
    const ws = await workspaceWith({
      provider: 'august',
      codeConstraints: [{ constraint_type: 'cannot_specify_pin_code' }],
    })
    const [lock] = ws.devices
    expect(expectInvalidFields(await ws.call('/access_codes/create', { device_id: lock, code: '4821' }))).toEqual([
      'code',
    ])
    expect((await create(ws, { device_id: lock })).code).toMatch(/^\d{4}$/)
  })

  it('the SDK sees the refusal as invalid input on the code field', async () => {
    const ws = await workspaceWith('lockly')
    const [lockly] = ws.devices
    const error: unknown = await ws.seam.accessCodes
      .create({ device_id: lockly, code: '1024' })
      .catch((e: unknown) => e)
    expect(isSeamHttpInvalidInputError(error), String(error)).toBe(true)
    if (!isSeamHttpInvalidInputError(error)) return
    expect(error.statusCode).toBe(400)
    expect(error.getValidationErrorMessages('code').length).toBeGreaterThan(0)
  })

  it('a chosen PIN is checked on update too', async () => {
    const ws = await workspaceWith('lockly')
    const [lockly] = ws.devices
    const code = await create(ws, { device_id: lockly, code: '135792' })
    expect(
      expectInvalidFields(await ws.call('/access_codes/update', { access_code_id: code.access_code_id, code: '1357' })),
    ).toEqual(['code'])
    expect(
      expectInvalidFields(
        await ws.call('/access_codes/update', { access_code_id: code.access_code_id, code: '102938' }),
      ),
    ).toEqual(['code'])
    expect((await get(ws, code.access_code_id)).code).toBe('135792')
  })
})

// ---- generated PINs

describe('generated PINs', () => {
  it('fit every brand profile at its shortest length, and differ from each other on the lock', async () => {
    const providers = sandboxLockProfiles.map((p) => p.provider)
    const ws = await workspaceWith(...providers)
    for (const [i, provider] of providers.entries()) {
      const deviceId = ws.devices[i] ?? ''
      const rules = rulesOf(provider)
      const codes: string[] = []
      for (let run = 0; run < 6; run++) {
        const code = (await create(ws, { device_id: deviceId })).code ?? ''
        expect(code, provider).toHaveLength(Math.min(...rules.supportedCodeLengths))
        expect(codeProblems(code, rules), `${provider}: ${code}`).toEqual([])
        codes.push(code)
      }
      expect(new Set(codes).size, provider).toBe(codes.length)
    }
  })

  it('honour preferred_code_length where the lock supports it, else use the shortest supported length', async () => {
    const ws = await workspaceWith('august', 'lockly', 'igloohome', 'nuki')
    const [august, lockly, igloohome, nuki] = ws.devices
    expect(await create(ws, { device_id: august, preferred_code_length: 8 })).toMatchObject({
      code: expect.stringMatching(/^\d{8}$/),
    })
    expect(await create(ws, { device_id: august, preferred_code_length: 5 })).toMatchObject({
      code: expect.stringMatching(/^\d{5}$/),
    })
    const lockly7 = await create(ws, { device_id: lockly, preferred_code_length: 7 })
    expect(lockly7.code).toMatch(/^\d{7}$/)
    expect(codeProblems(lockly7.code ?? '', rulesOf('lockly'))).toEqual([])
    expect(await create(ws, { device_id: lockly, preferred_code_length: 4 })).toMatchObject({
      code: expect.stringMatching(/^\d{6}$/),
    })
    expect(await create(ws, { device_id: igloohome, preferred_code_length: 9 })).toMatchObject({
      code: expect.stringMatching(/^\d{9}$/),
    })
    expect(await create(ws, { device_id: nuki, preferred_code_length: 8 })).toMatchObject({
      code: expect.stringMatching(/^\d{6}$/),
    })
  })

  it("generate_code uses the same generator: the lock's lengths and constraints", async () => {
    const ws = await workspaceWith('lockly', 'kwikset')
    const [lockly, kwikset] = ws.devices
    for (const [deviceId, provider] of [
      [lockly, 'lockly'],
      [kwikset, 'kwikset'],
    ] as const) {
      for (let run = 0; run < 20; run++) {
        const generated = expectOk(await ws.call('/access_codes/generate_code', { device_id: deviceId })).generated_code
        expect(generated?.device_id).toBe(deviceId)
        const code = generated?.code ?? ''
        expect(code).toHaveLength(Math.min(...rulesOf(provider).supportedCodeLengths))
        expect(codeProblems(code, rulesOf(provider)), `${provider}: ${code}`).toEqual([])
      }
    }
    // Through the SDK, with GET.
    const viaSdk = await ws.seam.accessCodes.generateCode({ device_id: lockly })
    expect(codeProblems(viaSdk.code ?? '', rulesOf('lockly'))).toEqual([])
    // A generated PIN is not reserved: it can be used at once.
    const generated = expectOk(await ws.call('/access_codes/generate_code', { device_id: lockly })).generated_code?.code
    expect((await create(ws, { device_id: lockly, code: generated })).code).toBe(generated)
  })

  it('generate_code for an unknown device is device_not_found', async () => {
    const ws = await workspaceWith('august')
    expectError(
      await ws.call('/access_codes/generate_code', { device_id: '00000000-0000-4000-8000-000000000000' }),
      404,
      'device_not_found',
    )
  })
})

// ---- duplicates

describe('duplicate PINs on one lock', () => {
  it('create: 409 duplicate_access_code whose message names the code holding the PIN', async () => {
    const ws = await workspaceWith('august')
    const [august] = ws.devices
    const first = await create(ws, { device_id: august, code: '4821', name: 'Guest Smith' })
    const error = expectError(
      await ws.call('/access_codes/create', { device_id: august, code: '4821', name: 'Cleaner' }),
      409,
      'duplicate_access_code',
    )
    expect(error.message).toContain(first.access_code_id)
    expect(error.message).toContain('Guest Smith')
    expect((await list(ws, august)).map((c) => c.access_code_id)).toEqual([first.access_code_id])

    const viaSdk: unknown = await ws.seam.accessCodes
      .create({ device_id: august, code: '4821' })
      .catch((e: unknown) => e)
    expect(isSeamHttpApiError(viaSdk) && { code: viaSdk.code, status: viaSdk.statusCode }).toEqual({
      code: 'duplicate_access_code',
      status: 409,
    })
  })

  it('the same PIN on a different lock is fine', async () => {
    const ws = await workspaceWith('august', 'yale')
    const [august, yale] = ws.devices
    await create(ws, { device_id: august, code: '4821' })
    expect((await create(ws, { device_id: yale, code: '4821' })).code).toBe('4821')
  })

  it('a deleted code frees its PIN', async () => {
    const ws = await workspaceWith('august')
    const [august] = ws.devices
    const first = await create(ws, { device_id: august, code: '4821' })
    expectOk(await ws.call('/access_codes/delete', { access_code_id: first.access_code_id }))
    expect((await create(ws, { device_id: august, code: '4821' })).code).toBe('4821')
  })

  it('update: 409 duplicate_access_code naming the holder, and the code keeps its PIN', async () => {
    const ws = await workspaceWith('august')
    const [august] = ws.devices
    const holder = await create(ws, { device_id: august, code: '4821', name: 'Owner' })
    const other = await create(ws, { device_id: august, code: '7391', name: 'Cleaner' })
    const error = expectError(
      await ws.call('/access_codes/update', { access_code_id: other.access_code_id, code: '4821' }),
      409,
      'duplicate_access_code',
    )
    expect(error.message).toContain(holder.access_code_id)
    expect(error.message).toContain('Owner')
    expect((await get(ws, other.access_code_id)).code).toBe('7391')
    // Setting a code to the PIN it already has is not a clash with itself.
    expectOk(
      await ws.call('/access_codes/update', { access_code_id: other.access_code_id, code: '7391', name: 'Cleaner 2' }),
    )
  })

  it('create_multiple: 409 duplicate_access_code naming the holder, and nothing is created anywhere', async () => {
    const ws = await workspaceWith('yale', 'august', 'schlage')
    const [yale, august, schlage] = ws.devices
    const holder = await create(ws, { device_id: august, code: '4821', name: 'Owner' })
    const error = expectError(
      await ws.call('/access_codes/create_multiple', { device_ids: [yale, august, schlage], code: '4821' }),
      409,
      'duplicate_access_code',
    )
    expect(error.message).toContain(holder.access_code_id)
    expect(await list(ws, yale)).toEqual([])
    expect(await list(ws, schlage)).toEqual([])
    expect(await list(ws, august)).toHaveLength(1)
  })

  it('10 simultaneous creates of one PIN on one lock: exactly one wins, the rest are 409', async () => {
    const ws = await workspaceWith('august')
    const [august] = ws.devices
    for (const pin of ['8642', '5173']) {
      const replies = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          ws.call('/access_codes/create', { device_id: august, code: pin, name: `Racer ${i}` }),
        ),
      )
      expect(statusesOf(replies)).toEqual([200, ...Array<number>(9).fill(409)])
      const winner = replies.find((r) => r.status === 200)?.body.access_code
      for (const loser of replies.filter((r) => r.status !== 200)) {
        expect(expectError(loser, 409, 'duplicate_access_code').message).toContain(
          winner?.access_code_id ?? 'no winner',
        )
      }
      const holding = (await list(ws, august)).filter((c) => c.code === pin)
      expect(holding.map((c) => c.access_code_id)).toEqual([winner?.access_code_id])
    }
  })

  it('simultaneous updates of several codes to one PIN: exactly one wins', async () => {
    const ws = await workspaceWith('august')
    const [august] = ws.devices
    const codes = await Promise.all(
      ['1357', '2468', '3579', '4680', '5791', '6802'].map((code) => create(ws, { device_id: august, code })),
    )
    const replies = await Promise.all(
      codes.map((c) => ws.call('/access_codes/update', { access_code_id: c.access_code_id, code: '9137' })),
    )
    expect(statusesOf(replies)).toEqual([200, 409, 409, 409, 409, 409])
    for (const loser of replies.filter((r) => r.status !== 200)) expectError(loser, 409, 'duplicate_access_code')
    expect((await list(ws, august)).filter((c) => c.code === '9137')).toHaveLength(1)
  })

  it('simultaneous create_multiple calls with one PIN: exactly one wins on every lock', async () => {
    const ws = await workspaceWith('august', 'yale')
    const [august, yale] = ws.devices
    const replies = await Promise.all(
      Array.from({ length: 6 }, () =>
        ws.call('/access_codes/create_multiple', { device_ids: [august, yale], code: '2580' }),
      ),
    )
    expect(statusesOf(replies)).toEqual([200, 409, 409, 409, 409, 409])
    for (const loser of replies.filter((r) => r.status !== 200)) expectError(loser, 409, 'duplicate_access_code')
    expect((await list(ws, august)).filter((c) => c.code === '2580')).toHaveLength(1)
    expect((await list(ws, yale)).filter((c) => c.code === '2580')).toHaveLength(1)
  })
})

// ---- time windows

describe('starts_at and ends_at', () => {
  it('ends_at in the past is invalid_input on ends_at', async () => {
    const ws = await workspaceWith('august')
    const [august] = ws.devices
    const fields = expectInvalidFields(
      await ws.call('/access_codes/create', { device_id: august, starts_at: inHours(-48), ends_at: inHours(-1) }),
    )
    expect(fields).toEqual(['ends_at'])
    expect(await list(ws, august)).toEqual([])
  })

  it('ends_at before (or at) starts_at is invalid_input on ends_at', async () => {
    const ws = await workspaceWith('august')
    const [august] = ws.devices
    expect(
      expectInvalidFields(
        await ws.call('/access_codes/create', { device_id: august, starts_at: inHours(48), ends_at: inHours(24) }),
      ),
    ).toEqual(['ends_at'])
    expect(
      expectInvalidFields(
        await ws.call('/access_codes/create', { device_id: august, starts_at: inHours(24), ends_at: inHours(24) }),
      ),
    ).toEqual(['ends_at'])
  })

  it('one without the other is invalid_input naming the missing one', async () => {
    const ws = await workspaceWith('august')
    const [august] = ws.devices
    expect(
      expectInvalidFields(await ws.call('/access_codes/create', { device_id: august, starts_at: inHours(1) })),
    ).toEqual(['ends_at'])
    expect(
      expectInvalidFields(await ws.call('/access_codes/create', { device_id: august, ends_at: inHours(1) })),
    ).toEqual(['starts_at'])
    expect(await list(ws, august)).toEqual([])
  })

  it('a time without an offset is invalid_input on that field', async () => {
    const ws = await workspaceWith('august')
    const [august] = ws.devices
    const noOffset = inHours(24).replace('Z', '')
    expect(
      expectInvalidFields(
        await ws.call('/access_codes/create', { device_id: august, starts_at: noOffset, ends_at: inHours(48) }),
      ),
    ).toEqual(['starts_at'])
    expect(
      expectInvalidFields(
        await ws.call('/access_codes/create', { device_id: august, starts_at: inHours(1), ends_at: noOffset }),
      ),
    ).toEqual(['ends_at'])
    expect(
      expectInvalidFields(
        await ws.call('/access_codes/create', { device_id: august, starts_at: '2030-06-01', ends_at: '2030-06-05' }),
      ),
    ).toEqual(['starts_at', 'ends_at'])
  })

  it('the type follows from the times, and offsets are kept as the same instant', async () => {
    const ws = await workspaceWith('august')
    const [august] = ws.devices
    const ongoing = await create(ws, { device_id: august })
    expect(ongoing.type).toBe('ongoing')
    expect(ongoing.starts_at ?? null).toBeNull()
    expect(ongoing.ends_at ?? null).toBeNull()

    const timeBound = await create(ws, {
      device_id: august,
      starts_at: '2030-06-01T17:00:00+02:00',
      ends_at: '2030-06-04T07:00:00-04:00',
    })
    expect(timeBound.type).toBe('time_bound')
    expect(new Date(timeBound.starts_at ?? '').toISOString()).toBe('2030-06-01T15:00:00.000Z')
    expect(new Date(timeBound.ends_at ?? '').toISOString()).toBe('2030-06-04T11:00:00.000Z')

    // A window already under way is fine: only the end has to be in the future.
    const underWay = await create(ws, { device_id: august, starts_at: inHours(-2), ends_at: inHours(2) })
    expect(underWay.type).toBe('time_bound')
  })

  it('create_multiple applies the same rules and creates nothing on a bad window', async () => {
    const ws = await workspaceWith('august', 'yale')
    const [august, yale] = ws.devices
    expect(
      expectInvalidFields(
        await ws.call('/access_codes/create_multiple', {
          device_ids: [august, yale],
          starts_at: inHours(-5),
          ends_at: inHours(-1),
        }),
      ),
    ).toEqual(['ends_at'])
    expect(
      expectInvalidFields(
        await ws.call('/access_codes/create_multiple', { device_ids: [august, yale], starts_at: inHours(1) }),
      ),
    ).toEqual(['ends_at'])
    expect(await list(ws, august)).toEqual([])
    expect(await list(ws, yale)).toEqual([])
    const codes = await createMultiple(ws, { device_ids: [august, yale], starts_at: inHours(1), ends_at: inHours(5) })
    expect(codes.map((c) => c.type)).toEqual(['time_bound', 'time_bound'])
  })
})

describe('update and the window', () => {
  it('type ongoing clears the times', async () => {
    const ws = await workspaceWith('august')
    const [august] = ws.devices
    const code = await create(ws, { device_id: august, starts_at: inHours(1), ends_at: inHours(48) })
    expectOk(await ws.call('/access_codes/update', { access_code_id: code.access_code_id, type: 'ongoing' }, 'PUT'))
    const after = await get(ws, code.access_code_id)
    expect(after.type).toBe('ongoing')
    expect(after.starts_at ?? null).toBeNull()
    expect(after.ends_at ?? null).toBeNull()
  })

  it('both times make an ongoing code time-bound', async () => {
    const ws = await workspaceWith('august')
    const [august] = ws.devices
    const code = await create(ws, { device_id: august })
    const startsAt = inHours(2)
    const endsAt = inHours(30)
    expectOk(
      await ws.call('/access_codes/update', {
        access_code_id: code.access_code_id,
        starts_at: startsAt,
        ends_at: endsAt,
      }),
    )
    expect(await get(ws, code.access_code_id)).toMatchObject({
      type: 'time_bound',
      starts_at: startsAt,
      ends_at: endsAt,
    })
  })

  it('changing only the name keeps the type and the times', async () => {
    const ws = await workspaceWith('august')
    const [august] = ws.devices
    const startsAt = inHours(2)
    const endsAt = inHours(30)
    const code = await create(ws, { device_id: august, name: 'Guest', starts_at: startsAt, ends_at: endsAt })
    const attempt = expectOk(
      await ws.call('/access_codes/update', { access_code_id: code.access_code_id, name: 'Guest (late checkout)' }),
    ).action_attempt
    expect(attempt?.action_type).toBe('UPDATE_ACCESS_CODE')
    expect(await get(ws, code.access_code_id)).toMatchObject({
      name: 'Guest (late checkout)',
      type: 'time_bound',
      starts_at: startsAt,
      ends_at: endsAt,
      code: code.code,
    })

    const ongoing = await create(ws, { device_id: august, name: 'Owner' })
    expectOk(await ws.call('/access_codes/update', { access_code_id: ongoing.access_code_id, name: 'Owner 2' }))
    expect(await get(ws, ongoing.access_code_id)).toMatchObject({
      name: 'Owner 2',
      type: 'ongoing',
      code: ongoing.code,
    })
  })

  it('one bound moves that end of an existing window', async () => {
    const ws = await workspaceWith('august')
    const [august] = ws.devices
    const startsAt = inHours(2)
    const code = await create(ws, { device_id: august, starts_at: startsAt, ends_at: inHours(30) })
    const later = inHours(54)
    expectOk(await ws.call('/access_codes/update', { access_code_id: code.access_code_id, ends_at: later }))
    expect(await get(ws, code.access_code_id)).toMatchObject({
      type: 'time_bound',
      starts_at: startsAt,
      ends_at: later,
    })
  })

  it('refuses one bound on an ongoing code, ongoing with times, and an end in the past', async () => {
    const ws = await workspaceWith('august')
    const [august] = ws.devices
    const ongoing = await create(ws, { device_id: august })
    expect(
      expectInvalidFields(
        await ws.call('/access_codes/update', { access_code_id: ongoing.access_code_id, ends_at: inHours(5) }),
      ),
    ).toEqual(['starts_at'])
    expect(
      expectInvalidFields(
        await ws.call('/access_codes/update', {
          access_code_id: ongoing.access_code_id,
          type: 'ongoing',
          starts_at: inHours(1),
          ends_at: inHours(5),
        }),
      ),
    ).toEqual(['type'])
    expect(
      expectInvalidFields(
        await ws.call('/access_codes/update', {
          access_code_id: ongoing.access_code_id,
          starts_at: inHours(-5),
          ends_at: inHours(-1),
        }),
      ),
    ).toEqual(['ends_at'])
    expect(
      expectInvalidFields(
        await ws.call('/access_codes/update', {
          access_code_id: ongoing.access_code_id,
          starts_at: inHours(5),
          ends_at: inHours(1),
        }),
      ),
    ).toEqual(['ends_at'])
    expect((await get(ws, ongoing.access_code_id)).type).toBe('ongoing')
    expectError(
      await ws.call('/access_codes/update', { access_code_id: '00000000-0000-4000-8000-000000000000', name: 'x' }),
      404,
      'access_code_not_found',
    )
  })
})

// ---- create_multiple and update_multiple

describe('create_multiple', () => {
  it('a generated PIN is shared by every lock and linked by an auto common_code_key', async () => {
    const ws = await workspaceWith('august', 'yale', 'kwikset', 'lockly')
    const [august, yale, kwikset, lockly] = ws.devices
    const codes = await createMultiple(ws, { device_ids: [august, yale, kwikset, lockly], name: 'Stay 42' })
    expect(codes.map((c) => c.device_id)).toEqual([august, yale, kwikset, lockly])
    const pin = codes[0]?.code ?? ''
    expect(codes.every((c) => c.code === pin)).toBe(true)
    for (const provider of ['august', 'yale', 'kwikset', 'lockly'])
      expect(codeProblems(pin, rulesOf(provider)), provider).toEqual([])
    const key = codes[0]?.common_code_key ?? ''
    expect(key).toMatch(/^auto_set_by_create_multiple_/)
    expect(codes.every((c) => c.common_code_key === key)).toBe(true)
    for (const deviceId of [august, yale, kwikset, lockly]) {
      expect((await list(ws, deviceId)).map((c) => [c.code, c.common_code_key, c.name])).toEqual([
        [pin, key, 'Stay 42'],
      ])
    }
    // Each call gets its own key.
    const again = await createMultiple(ws, { device_ids: [august, yale] })
    expect(again[0]?.common_code_key).toMatch(/^auto_set_by_create_multiple_/)
    expect(again[0]?.common_code_key).not.toBe(key)
  })

  it('a given PIN goes on every lock with common_code_key null', async () => {
    const ws = await workspaceWith('august', 'yale')
    const [august, yale] = ws.devices
    const codes = await createMultiple(ws, { device_ids: [august, yale], code: '4821' })
    expect(codes.map((c) => [c.device_id, c.code, c.common_code_key])).toEqual([
      [august, '4821', null],
      [yale, '4821', null],
    ])
  })

  it('throw (the default) creates nothing when one lock cannot take the PIN by its constraints', async () => {
    const ws = await workspaceWith('august', 'yale', 'lockly')
    const [august, yale, lockly] = ws.devices
    for (const body of [
      { device_ids: [august, yale, lockly], code: '1024' },
      { device_ids: [august, yale, lockly], code: '135790', behavior_when_code_cannot_be_shared: 'throw' },
    ]) {
      const reply = await ws.call('/access_codes/create_multiple', body)
      expect(reply.status).toBe(409)
      expect(reply.body.error?.type).toBe('code_cannot_be_shared')
      expect(reply.body.error?.message).toContain('Lockly')
    }
    for (const deviceId of [august, yale, lockly]) expect(await list(ws, deviceId)).toEqual([])
  })

  it('throw creates nothing when the locks share no code length for a generated PIN', async () => {
    const ws = await workspaceWith(
      'august',
      { provider: 'august', label: 'Four-digit lock', supportedCodeLengths: [4] },
      'nuki',
    )
    const [august, fourOnly, nuki] = ws.devices
    expectError(
      await ws.call('/access_codes/create_multiple', { device_ids: [august, fourOnly, nuki] }),
      409,
      'code_cannot_be_shared',
    )
    for (const deviceId of [august, fourOnly, nuki]) expect(await list(ws, deviceId)).toEqual([])
  })

  it('create_random_code gives a lock that cannot take the given PIN its own valid PIN', async () => {
    const ws = await workspaceWith('august', 'lockly')
    const [august, lockly] = ws.devices
    const codes = await createMultiple(ws, {
      device_ids: [august, lockly],
      code: '1024',
      behavior_when_code_cannot_be_shared: 'create_random_code',
    })
    expect(codes.map((c) => c.device_id)).toEqual([august, lockly])
    expect(codes[0]?.code).toBe('1024')
    const own = codes[1]?.code ?? ''
    expect(own).not.toBe('1024')
    expect(codeProblems(own, rulesOf('lockly'))).toEqual([])
  })

  it('create_random_code gives a lock where the PIN is taken its own PIN', async () => {
    const ws = await workspaceWith('yale', 'august')
    const [yale, august] = ws.devices
    await create(ws, { device_id: august, code: '4821' })
    const codes = await createMultiple(ws, {
      device_ids: [yale, august],
      code: '4821',
      behavior_when_code_cannot_be_shared: 'create_random_code',
    })
    expect(codes[0]?.code).toBe('4821')
    expect(codes[1]?.code).toMatch(/^\d{4,8}$/)
    expect(codes[1]?.code).not.toBe('4821')
    expect((await list(ws, august)).map((c) => c.code).sort()).toEqual([codes[1]?.code, '4821'].sort())
  })

  it('create_random_code with a generated PIN: the locks that share it are linked, the odd one out is not', async () => {
    const ws = await workspaceWith(
      'august',
      { provider: 'august', label: 'Four-digit lock', supportedCodeLengths: [4] },
      'nuki',
    )
    const [august, fourOnly, nuki] = ws.devices
    const codes = await createMultiple(ws, {
      device_ids: [august, fourOnly, nuki],
      behavior_when_code_cannot_be_shared: 'create_random_code',
    })
    const [onAugust, onFourOnly, onNuki] = codes
    expect(onAugust?.code).toMatch(/^\d{4}$/)
    expect(onFourOnly?.code).toBe(onAugust?.code)
    expect(onAugust?.common_code_key).toMatch(/^auto_set_by_create_multiple_/)
    expect(onFourOnly?.common_code_key).toBe(onAugust?.common_code_key)
    expect(codeProblems(onNuki?.code ?? '', rulesOf('nuki'))).toEqual([])
    expect(onNuki?.common_code_key).toBeNull()
  })

  it('records access_code.created for every code', async () => {
    const ws = await workspaceWith('august', 'yale')
    const [august, yale] = ws.devices
    const since = clock.now().toISOString()
    const codes = await createMultiple(ws, { device_ids: [august, yale] })
    const events = expectOk(await ws.call('/events/list', { since, event_type: 'access_code.created' })).events ?? []
    expect(events.map((e) => e.access_code_id).sort()).toEqual(codes.map((c) => c.access_code_id).sort())
  })
})

describe('update_multiple', () => {
  it('changes name and times of every code with that common_code_key, and nothing else', async () => {
    const ws = await workspaceWith('august', 'yale', 'kwikset')
    const [august, yale, kwikset] = ws.devices
    const group = await createMultiple(ws, { device_ids: [august, yale, kwikset], name: 'Stay 42' })
    const key = group[0]?.common_code_key ?? ''
    const bystander = await create(ws, { device_id: august, name: 'Owner' })
    const startsAt = inHours(24)
    const endsAt = inHours(96)
    expectOk(
      await ws.call(
        '/access_codes/update_multiple',
        { common_code_key: key, name: 'Stay 43', starts_at: startsAt, ends_at: endsAt },
        'PATCH',
      ),
    )
    for (const code of group) {
      expect(await get(ws, code.access_code_id)).toMatchObject({
        name: 'Stay 43',
        type: 'time_bound',
        starts_at: startsAt,
        ends_at: endsAt,
        code: code.code,
        common_code_key: key,
      })
    }
    expect(await get(ws, bystander.access_code_id)).toMatchObject({ name: 'Owner', type: 'ongoing' })

    // A name-only change keeps the window.
    expectOk(await ws.call('/access_codes/update_multiple', { common_code_key: key, name: 'Stay 44' }))
    for (const code of group)
      expect(await get(ws, code.access_code_id)).toMatchObject({
        name: 'Stay 44',
        starts_at: startsAt,
        ends_at: endsAt,
      })

    // Every code records access_code.changed.
    const changed =
      expectOk(await ws.call('/events/list', { since: inHours(-1), event_type: 'access_code.changed' })).events ?? []
    for (const code of group) expect(changed.filter((e) => e.access_code_id === code.access_code_id)).toHaveLength(2)
  })

  it('changes nothing when the request is refused', async () => {
    const ws = await workspaceWith('august', 'yale')
    const [august, yale] = ws.devices
    const group = await createMultiple(ws, { device_ids: [august, yale], name: 'Stay 42' })
    const key = group[0]?.common_code_key ?? ''
    expect(
      expectInvalidFields(
        await ws.call('/access_codes/update_multiple', {
          common_code_key: key,
          name: 'Stay 43',
          starts_at: inHours(-5),
          ends_at: inHours(-1),
        }),
      ),
    ).toEqual(['ends_at'])
    expect(
      expectInvalidFields(
        await ws.call('/access_codes/update_multiple', {
          common_code_key: key,
          name: 'Stay 43',
          starts_at: inHours(1),
        }),
      ),
    ).toEqual(['ends_at'])
    for (const code of group)
      expect(await get(ws, code.access_code_id)).toMatchObject({ name: 'Stay 42', type: 'ongoing' })
    expectError(
      await ws.call('/access_codes/update_multiple', { common_code_key: 'no-such-key', name: 'x' }),
      404,
      'access_code_not_found',
    )
  })

  it('simultaneous update_multiple calls leave every code of the group with the same name and window', async () => {
    const ws = await workspaceWith('august', 'yale', 'schlage', 'smartthings')
    const group = await createMultiple(ws, { device_ids: [...ws.devices] })
    const key = group[0]?.common_code_key ?? ''
    const replies = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        ws.call('/access_codes/update_multiple', {
          common_code_key: key,
          name: `Stay ${i}`,
          starts_at: inHours(i + 1),
          ends_at: inHours(i + 48),
        }),
      ),
    )
    expect(statusesOf(replies)).toEqual([200, 200, 200, 200, 200, 200])
    const after = await Promise.all(group.map((c) => get(ws, c.access_code_id)))
    const states = new Set(after.map((c) => `${c.name}|${c.starts_at}|${c.ends_at}`))
    expect(states.size).toBe(1)
  })

  it("touches only the caller's workspace", async () => {
    const mine = await workspaceWith('august')
    const theirs = await workspaceWith('august')
    const myCode = await create(mine, { device_id: mine.devices[0], common_code_key: 'stay-7', name: 'Mine' })
    const theirCode = await create(theirs, { device_id: theirs.devices[0], common_code_key: 'stay-7', name: 'Theirs' })
    expectOk(await mine.call('/access_codes/update_multiple', { common_code_key: 'stay-7', name: 'Renamed' }))
    expect((await get(mine, myCode.access_code_id)).name).toBe('Renamed')
    expect((await get(theirs, theirCode.access_code_id)).name).toBe('Theirs')
  })
})

// ---- backup pool

describe('backup access code pool', () => {
  it('use_backup_access_code_pool is only for time-bound codes on locks with a pool', async () => {
    const ws = await workspaceWith('august', 'kwikset')
    const [august, kwikset] = ws.devices
    expect(
      expectInvalidFields(
        await ws.call('/access_codes/create', { device_id: august, use_backup_access_code_pool: true }),
      ),
    ).toEqual(['use_backup_access_code_pool'])
    expectError(
      await ws.call('/access_codes/create', {
        device_id: kwikset,
        use_backup_access_code_pool: true,
        starts_at: inHours(1),
        ends_at: inHours(48),
      }),
      400,
      'backup_access_code_pool_not_supported',
    )
    expect(await list(ws, august)).toEqual([])
    expect(await list(ws, kwikset)).toEqual([])
    const code = await create(ws, {
      device_id: august,
      use_backup_access_code_pool: true,
      starts_at: inHours(1),
      ends_at: inHours(48),
    })
    expect(code.is_backup_access_code_available).toBe(true)
  })

  it('pull_backup_access_code returns the same backup for the same code every time and sets pulled_backup_access_code_id', async () => {
    const ws = await workspaceWith('august')
    const [august] = ws.devices
    const startsAt = inHours(1)
    const endsAt = inHours(48)
    const code = await create(ws, {
      device_id: august,
      use_backup_access_code_pool: true,
      starts_at: startsAt,
      ends_at: endsAt,
      name: 'Guest',
    })
    const first = expectOk(
      await ws.call('/access_codes/pull_backup_access_code', { access_code_id: code.access_code_id }),
    )
    const backup = first.backup_access_code
    expect(backup).toMatchObject({
      device_id: august,
      is_backup: true,
      type: 'time_bound',
      starts_at: startsAt,
      ends_at: endsAt,
    })
    expect(first.access_code?.access_code_id).toBe(backup?.access_code_id)
    expect(backup?.access_code_id).not.toBe(code.access_code_id)
    expect(backup?.code).not.toBe(code.code)
    expect((await get(ws, code.access_code_id)).pulled_backup_access_code_id).toBe(backup?.access_code_id)
    for (let run = 0; run < 3; run++) {
      const again = expectOk(
        await ws.call('/access_codes/pull_backup_access_code', { access_code_id: code.access_code_id }),
      ).backup_access_code
      expect(again?.access_code_id).toBe(backup?.access_code_id)
      expect(again?.code).toBe(backup?.code)
    }
    // The backup's PIN is held on the lock: nobody else can take it.
    expectError(
      await ws.call('/access_codes/create', { device_id: august, code: backup?.code }),
      409,
      'duplicate_access_code',
    )
  })

  it('never hands one backup to two codes, and an empty pool is empty_backup_access_code_pool', async () => {
    const ws = await workspaceWith('august')
    const [august] = ws.devices
    const poolSize = profileOf('august').backupPoolSize
    const codes: AccessCode[] = []
    for (let i = 0; i <= poolSize; i++) {
      codes.push(
        await create(ws, {
          device_id: august,
          use_backup_access_code_pool: true,
          starts_at: inHours(1),
          ends_at: inHours(48),
        }),
      )
    }
    const backups: string[] = []
    for (const code of codes.slice(0, poolSize)) {
      const backup = expectOk(
        await ws.call('/access_codes/pull_backup_access_code', { access_code_id: code.access_code_id }),
      ).backup_access_code
      backups.push(backup?.access_code_id ?? '')
    }
    expect(new Set(backups).size).toBe(poolSize)
    const last = codes[poolSize]?.access_code_id ?? ''
    expectError(
      await ws.call('/access_codes/pull_backup_access_code', { access_code_id: last }),
      409,
      'empty_backup_access_code_pool',
    )
    expect((await get(ws, last)).pulled_backup_access_code_id ?? null).toBeNull()
    expect((await get(ws, last)).is_backup_access_code_available).toBe(false)
  })

  it('simultaneous pulls for different codes get different backups; the pool runs out cleanly', async () => {
    const ws = await workspaceWith('yale')
    const [yale] = ws.devices
    const poolSize = profileOf('yale').backupPoolSize
    const codes = await Promise.all(
      Array.from({ length: poolSize + 2 }, () =>
        create(ws, { device_id: yale, use_backup_access_code_pool: true, starts_at: inHours(1), ends_at: inHours(48) }),
      ),
    )
    const replies = await Promise.all(
      codes.map((c) => ws.call('/access_codes/pull_backup_access_code', { access_code_id: c.access_code_id })),
    )
    const won = replies.filter((r) => r.status === 200)
    expect(won).toHaveLength(poolSize)
    for (const lost of replies.filter((r) => r.status !== 200)) expectError(lost, 409, 'empty_backup_access_code_pool')
    const backupIds = won.map((r) => r.body.backup_access_code?.access_code_id)
    expect(new Set(backupIds).size).toBe(poolSize)
    const backupPins = won.map((r) => r.body.backup_access_code?.code)
    expect(new Set(backupPins).size).toBe(poolSize)
    for (const [i, reply] of replies.entries()) {
      if (reply.status !== 200) continue
      const code = codes[i]?.access_code_id ?? ''
      expect((await get(ws, code)).pulled_backup_access_code_id).toBe(reply.body.backup_access_code?.access_code_id)
    }
  })

  it('simultaneous pulls for as many codes as the pool holds: every code gets a backup of its own', async () => {
    const ws = await workspaceWith('august')
    const [august] = ws.devices
    const poolSize = profileOf('august').backupPoolSize
    const codes: AccessCode[] = []
    for (let i = 0; i < poolSize; i++) {
      codes.push(
        await create(ws, {
          device_id: august,
          use_backup_access_code_pool: true,
          starts_at: inHours(1),
          ends_at: inHours(48),
        }),
      )
    }
    const replies = await Promise.all(
      codes.map((c) => ws.call('/access_codes/pull_backup_access_code', { access_code_id: c.access_code_id })),
    )
    expect(statusesOf(replies)).toEqual(Array<number>(poolSize).fill(200))
    expect(new Set(replies.map((r) => r.body.backup_access_code?.access_code_id)).size).toBe(poolSize)
  })

  it('simultaneous first uses of the pool fill it once', async () => {
    const ws = await workspaceWith('yale')
    const [yale] = ws.devices
    const poolSize = profileOf('yale').backupPoolSize
    const codes = await Promise.all(
      Array.from({ length: poolSize + 2 }, () =>
        create(ws, { device_id: yale, use_backup_access_code_pool: true, starts_at: inHours(1), ends_at: inHours(48) }),
      ),
    )
    const replies: Reply[] = []
    for (const code of codes)
      replies.push(await ws.call('/access_codes/pull_backup_access_code', { access_code_id: code.access_code_id }))
    expect(replies.map((r) => r.status)).toEqual([...Array<number>(poolSize).fill(200), 409, 409])
    for (const lost of replies.slice(poolSize)) expectError(lost, 409, 'empty_backup_access_code_pool')
  })

  it('simultaneous pulls for the same code all get the same backup', async () => {
    const ws = await workspaceWith('august')
    const [august] = ws.devices
    const code = await create(ws, {
      device_id: august,
      use_backup_access_code_pool: true,
      starts_at: inHours(1),
      ends_at: inHours(48),
    })
    const replies = await Promise.all(
      Array.from({ length: 6 }, () =>
        ws.call('/access_codes/pull_backup_access_code', { access_code_id: code.access_code_id }),
      ),
    )
    expect(statusesOf(replies)).toEqual([200, 200, 200, 200, 200, 200])
    const ids = new Set(replies.map((r) => r.body.backup_access_code?.access_code_id))
    expect(ids.size).toBe(1)
    // Only one backup left the pool: the other four are still there for other codes.
    const others = await Promise.all(
      Array.from({ length: profileOf('august').backupPoolSize - 1 }, () =>
        create(ws, {
          device_id: august,
          use_backup_access_code_pool: true,
          starts_at: inHours(1),
          ends_at: inHours(48),
        }),
      ),
    )
    for (const other of others)
      expectOk(await ws.call('/access_codes/pull_backup_access_code', { access_code_id: other.access_code_id }))
  })

  it('a code without the pool cannot pull a backup', async () => {
    const ws = await workspaceWith('august')
    const [august] = ws.devices
    const code = await create(ws, { device_id: august, starts_at: inHours(1), ends_at: inHours(48) })
    expectError(
      await ws.call('/access_codes/pull_backup_access_code', { access_code_id: code.access_code_id }),
      400,
      'backup_access_code_pool_not_enabled',
    )
    expectError(
      await ws.call('/access_codes/pull_backup_access_code', {
        access_code_id: '00000000-0000-4000-8000-000000000000',
      }),
      404,
      'access_code_not_found',
    )
  })

  it('a time-bound code that turns the pool on by update can pull a backup', async () => {
    const ws = await workspaceWith('smartthings')
    const [smartthings] = ws.devices
    const code = await create(ws, { device_id: smartthings, starts_at: inHours(1), ends_at: inHours(48) })
    expectOk(
      await ws.call('/access_codes/update', { access_code_id: code.access_code_id, use_backup_access_code_pool: true }),
    )
    expect((await get(ws, code.access_code_id)).is_backup_access_code_available).toBe(true)
    const backup = expectOk(
      await ws.call('/access_codes/pull_backup_access_code', { access_code_id: code.access_code_id }),
    ).backup_access_code
    expect(backup?.is_backup).toBe(true)
  })

  it('a code that uses the pool cannot become ongoing, and an ongoing code cannot turn the pool on', async () => {
    const ws = await workspaceWith('august')
    const [august] = ws.devices
    const pooled = await create(ws, {
      device_id: august,
      use_backup_access_code_pool: true,
      starts_at: inHours(1),
      ends_at: inHours(48),
    })
    expectError(
      await ws.call('/access_codes/update', { access_code_id: pooled.access_code_id, type: 'ongoing' }),
      400,
      'access_code_not_time_bound',
    )
    expect((await get(ws, pooled.access_code_id)).type).toBe('time_bound')
    const ongoing = await create(ws, { device_id: august })
    expect(
      expectInvalidFields(
        await ws.call('/access_codes/update', {
          access_code_id: ongoing.access_code_id,
          use_backup_access_code_pool: true,
        }),
      ),
    ).toEqual(['use_backup_access_code_pool'])
  })
})

// ---- offline codes

describe('offline access codes', () => {
  it('only on locks that can program them', async () => {
    const ws = await workspaceWith('august')
    const [august] = ws.devices
    expectError(
      await ws.call('/access_codes/create', {
        device_id: august,
        is_offline_access_code: true,
        starts_at: inHours(1),
        ends_at: inHours(48),
      }),
      400,
      'offline_access_codes_not_supported',
    )
    expect(await list(ws, august)).toEqual([])
  })

  it('only time-bound, and never with a chosen PIN', async () => {
    const ws = await workspaceWith('igloohome')
    const [igloohome] = ws.devices
    expect(
      expectInvalidFields(
        await ws.call('/access_codes/create', { device_id: igloohome, is_offline_access_code: true }),
      ),
    ).toEqual(expect.arrayContaining(['starts_at']))
    expect(
      expectInvalidFields(
        await ws.call('/access_codes/create', {
          device_id: igloohome,
          is_offline_access_code: true,
          code: '4821',
          starts_at: inHours(1),
          ends_at: inHours(48),
        }),
      ),
    ).toEqual(['code'])
    expect(
      expectInvalidFields(await ws.call('/access_codes/create', { device_id: igloohome, is_one_time_use: true })),
    ).toEqual(['is_one_time_use'])
    expect(await list(ws, igloohome)).toEqual([])
  })

  it('a time-bound offline code gets a generated PIN that fits the lock', async () => {
    const ws = await workspaceWith('igloohome', 'lockly')
    const [igloohome, lockly] = ws.devices
    const startsAt = inHours(1)
    const endsAt = inHours(48)
    const oneTime = await create(ws, {
      device_id: igloohome,
      is_offline_access_code: true,
      is_one_time_use: true,
      max_time_rounding: '1d',
      starts_at: startsAt,
      ends_at: endsAt,
    })
    expect(oneTime).toMatchObject({
      is_offline_access_code: true,
      is_one_time_use: true,
      type: 'time_bound',
      starts_at: startsAt,
      ends_at: endsAt,
    })
    expect(codeProblems(oneTime.code ?? '', rulesOf('igloohome'))).toEqual([])
    const onLockly = await create(ws, {
      device_id: lockly,
      is_offline_access_code: true,
      starts_at: startsAt,
      ends_at: endsAt,
    })
    expect(onLockly).toMatchObject({ is_offline_access_code: true, is_one_time_use: false })
    expect(codeProblems(onLockly.code ?? '', rulesOf('lockly'))).toEqual([])
  })
})

// ---- report_device_constraints

describe('report_device_constraints', () => {
  it('stores supported_code_lengths; later creates, generated codes and generate_code obey them', async () => {
    const ws = await workspaceWith('smartthings')
    const [smartthings] = ws.devices
    expect((await create(ws, { device_id: smartthings, code: '1357' })).code).toBe('1357')
    expectOk(
      await ws.call('/access_codes/report_device_constraints', { device_id: smartthings, supported_code_lengths: [6] }),
    )
    const device = expectOk(await ws.call('/devices/get', { device_id: smartthings })).device
    expect(device?.properties.supported_code_lengths).toEqual([6])

    expect(
      expectInvalidFields(await ws.call('/access_codes/create', { device_id: smartthings, code: '2468' })),
    ).toEqual(['code'])
    expect((await create(ws, { device_id: smartthings, code: '246813' })).code).toBe('246813')
    expect((await create(ws, { device_id: smartthings })).code).toMatch(/^\d{6}$/)
    expect((await create(ws, { device_id: smartthings, preferred_code_length: 4 })).code).toMatch(/^\d{6}$/)
    for (let run = 0; run < 10; run++) {
      expect(
        expectOk(await ws.call('/access_codes/generate_code', { device_id: smartthings })).generated_code?.code,
      ).toMatch(/^\d{6}$/)
    }
  })

  it('stores min_code_length / max_code_length as the range of lengths', async () => {
    const ws = await workspaceWith('smartthings')
    const [smartthings] = ws.devices
    expectOk(
      await ws.call('/access_codes/report_device_constraints', {
        device_id: smartthings,
        min_code_length: 7,
        max_code_length: 8,
      }),
    )
    expect(
      expectOk(await ws.call('/devices/get', { device_id: smartthings })).device?.properties.supported_code_lengths,
    ).toEqual([7, 8])
    expect((await create(ws, { device_id: smartthings })).code).toMatch(/^\d{7}$/)
    expect((await create(ws, { device_id: smartthings, preferred_code_length: 8 })).code).toMatch(/^\d{8}$/)
    expect(
      expectInvalidFields(await ws.call('/access_codes/create', { device_id: smartthings, code: '135792' })),
    ).toEqual(['code'])
    // create_multiple reads the stored lengths too.
    const codes = await createMultiple(ws, { device_ids: [smartthings] })
    expect(codes[0]?.code).toMatch(/^\d{7}$/)
  })

  it('refuses both kinds at once, and unknown devices', async () => {
    const ws = await workspaceWith('smartthings')
    const [smartthings] = ws.devices
    expect(
      expectInvalidFields(
        await ws.call('/access_codes/report_device_constraints', {
          device_id: smartthings,
          supported_code_lengths: [6],
          min_code_length: 4,
        }),
      ),
    ).toEqual(['supported_code_lengths'])
    expectError(
      await ws.call('/access_codes/report_device_constraints', {
        device_id: '00000000-0000-4000-8000-000000000000',
        supported_code_lengths: [6],
      }),
      404,
      'device_not_found',
    )
    expect(
      expectOk(await ws.call('/devices/get', { device_id: smartthings })).device?.properties.supported_code_lengths,
    ).toEqual([4, 5, 6, 7, 8])
  })
})

// ---- delete

describe('delete', () => {
  it('answers a DELETE_ACCESS_CODE action attempt and the code is gone from get and list at once', async () => {
    const ws = await workspaceWith('august')
    const [august] = ws.devices
    const keep = await create(ws, { device_id: august, code: '1357' })
    const gone = await create(ws, { device_id: august, code: '2468' })
    expect((await list(ws, august)).map((c) => c.access_code_id).sort()).toEqual(
      [keep.access_code_id, gone.access_code_id].sort(),
    )

    const attempt = expectOk(
      await ws.call('/access_codes/delete', { access_code_id: gone.access_code_id }),
    ).action_attempt
    expect(attempt).toMatchObject({ action_type: 'DELETE_ACCESS_CODE', status: 'pending' })
    expectError(
      await ws.call('/access_codes/get', { access_code_id: gone.access_code_id }),
      404,
      'access_code_not_found',
    )
    expectError(await ws.call('/access_codes/get', { device_id: august, code: '2468' }), 404, 'access_code_not_found')
    expect((await list(ws, august)).map((c) => c.access_code_id)).toEqual([keep.access_code_id])
    expect(
      expectOk(await ws.call('/access_codes/list', { access_code_ids: [gone.access_code_id] })).access_codes,
    ).toEqual([])
    const tracked = expectOk(
      await ws.call('/action_attempts/get', { action_attempt_id: attempt?.action_attempt_id ?? '' }),
    ).action_attempt
    expect(tracked?.action_type).toBe('DELETE_ACCESS_CODE')

    expectError(
      await ws.call('/access_codes/delete', { access_code_id: gone.access_code_id }),
      404,
      'access_code_not_found',
    )
    expectError(
      await ws.call('/access_codes/update', { access_code_id: gone.access_code_id, name: 'x' }),
      404,
      'access_code_not_found',
    )
  })

  it('accepts the DELETE method the SDK may send', async () => {
    const ws = await workspaceWith('august')
    const [august] = ws.devices
    const code = await create(ws, { device_id: august })
    const attempt = expectOk(
      await ws.call('/access_codes/delete', { access_code_id: code.access_code_id }, 'DELETE'),
    ).action_attempt
    expect(attempt?.action_type).toBe('DELETE_ACCESS_CODE')
    expect(await list(ws, august)).toEqual([])
  })
})

// ---- events

describe('events', () => {
  const MINUTE = 60_000

  it("create, update, delete and pull record their events with the spec's fields, and /events/list filters them", async () => {
    const ws = await workspaceWith('august', 'yale')
    const [august, yale] = ws.devices
    const augustAccount = expectOk(await ws.call('/devices/get', { device_id: august })).device?.connected_account_id
    clock.advance(MINUTE)
    const t0 = clock.now().toISOString()
    const code = await create(ws, {
      device_id: august,
      name: 'Guest',
      use_backup_access_code_pool: true,
      starts_at: inHours(1),
      ends_at: inHours(48),
    })
    const onYale = await create(ws, { device_id: yale, name: 'Yale guest' })
    clock.advance(MINUTE)
    const t1 = clock.now().toISOString()
    expectOk(await ws.call('/access_codes/update', { access_code_id: code.access_code_id, name: 'Guest 2' }))
    clock.advance(MINUTE)
    const t2 = clock.now().toISOString()
    const backup = expectOk(
      await ws.call('/access_codes/pull_backup_access_code', { access_code_id: code.access_code_id }),
    ).backup_access_code
    clock.advance(MINUTE)
    const t3 = clock.now().toISOString()
    expectOk(await ws.call('/access_codes/delete', { access_code_id: code.access_code_id }))
    clock.advance(MINUTE)

    const forCode =
      expectOk(await ws.call('/events/list', { since: t0, access_code_id: code.access_code_id })).events ?? []
    expect(forCode.map((e) => [e.event_type, e.occurred_at])).toEqual([
      ['access_code.deleted', t3],
      ['access_code.backup_access_code_pulled', t2],
      ['access_code.changed', t1],
      ['access_code.created', t0],
    ])
    for (const event of forCode) {
      expect(event).toMatchObject({
        event_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        workspace_id: ws.workspaceId,
        access_code_id: code.access_code_id,
        device_id: august,
        connected_account_id: augustAccount,
        created_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/),
      })
    }
    const byType = new Map(forCode.map((e) => [e.event_type, e]))
    expect(byType.get('access_code.deleted')?.code).toBe(code.code)
    expect(byType.get('access_code.backup_access_code_pulled')?.backup_access_code_id).toBe(backup?.access_code_id)

    const eventTypesOf = async (filters: Record<string, unknown>): Promise<string[]> =>
      (expectOk(await ws.call('/events/list', filters)).events ?? []).map((e) => e.event_type)

    // since is inclusive, between is exclusive at both ends.
    expect(await eventTypesOf({ since: t1, access_code_id: code.access_code_id })).toEqual([
      'access_code.deleted',
      'access_code.backup_access_code_pulled',
      'access_code.changed',
    ])
    expect(await eventTypesOf({ between: [t0, t2], access_code_id: code.access_code_id })).toEqual([
      'access_code.changed',
    ])
    expect(await eventTypesOf({ between: [t0, t3], device_id: august })).toEqual([
      'access_code.backup_access_code_pulled',
      'access_code.changed',
    ])

    // device_id keeps to that lock.
    const onYaleEvents = expectOk(await ws.call('/events/list', { since: t0, device_id: yale })).events ?? []
    expect(onYaleEvents.map((e) => [e.event_type, e.access_code_id])).toEqual([
      ['access_code.created', onYale.access_code_id],
    ])

    // event_type and event_types.
    const deleted =
      expectOk(await ws.call('/events/list', { since: t0, event_type: 'access_code.deleted' })).events ?? []
    expect(deleted.map((e) => e.access_code_id)).toEqual([code.access_code_id])
    const createdOrDeleted =
      expectOk(
        await ws.call('/events/list', { since: t0, event_types: ['access_code.created', 'access_code.deleted'] }),
      ).events ?? []
    expect(createdOrDeleted.map((e) => e.event_type)).toEqual([
      'access_code.deleted',
      'access_code.created',
      'access_code.created',
    ])
    expect(createdOrDeleted[0]?.access_code_id).toBe(code.access_code_id)
    expect(
      createdOrDeleted
        .slice(1)
        .map((e) => e.access_code_id)
        .sort(),
    ).toEqual([code.access_code_id, onYale.access_code_id].sort())

    // The same filters work on GET with a query string, and /events/get returns the same event.
    const query = new URLSearchParams({
      since: t0,
      access_code_id: code.access_code_id,
      event_type: 'access_code.changed',
    })
    const viaGet = await fetch(`${server.endpoint}/events/list?${query.toString()}`, {
      headers: { authorization: `Bearer ${ws.apiKey}` },
    })
    expect(viaGet.status).toBe(200)
    const viaGetBody = (await viaGet.json()) as ApiBody
    expect(viaGetBody.events?.map((e) => e.occurred_at)).toEqual([t1])
    const changedEvent = viaGetBody.events?.[0]
    const fetched = expectOk(await ws.call('/events/get', { event_id: changedEvent?.event_id ?? '' })).event
    expect(fetched).toEqual(changedEvent)

    // Through the SDK.
    const sdkEvents = await ws.seam.events.list({
      since: t0,
      access_code_id: code.access_code_id,
      event_types: ['access_code.deleted'],
    })
    expect(sdkEvents.map((e) => e.event_type)).toEqual(['access_code.deleted'])
  })

  it("another workspace's events are not listed, and since or between is required", async () => {
    const mine = await workspaceWith('august')
    const theirs = await workspaceWith('august')
    const since = clock.now().toISOString()
    await create(theirs, { device_id: theirs.devices[0] })
    expect(expectOk(await mine.call('/events/list', { since, event_type: 'access_code.created' })).events).toEqual([])
    expect(
      expectOk(await theirs.call('/events/list', { since, event_type: 'access_code.created' })).events,
    ).toHaveLength(1)
    expect(expectInvalidFields(await mine.call('/events/list', { event_type: 'access_code.created' }))).toEqual([
      'since',
    ])
  })
})

// ---- the same races without HTTP in between

// Over HTTP the requests reach the server a little apart; called directly, every one of them starts in the same tick,
// so a read-then-write check with no database guarantee behind it loses on both engines.
describe('races with every request starting in the same tick (services called directly)', () => {
  const contextOf = (ws: Workspace<readonly string[]>): ServiceContext => ({
    db: store.db,
    clock,
    workspaceId: ws.workspaceId,
  })

  /** `fulfilled`, or the DomainError type of each rejected run (anything else is reported as unexpected). */
  async function outcomes(runs: readonly (() => Promise<unknown>)[]): Promise<string[]> {
    const results = await Promise.allSettled(runs.map((run) => run()))
    return results
      .map((r) => {
        if (r.status === 'fulfilled') return 'fulfilled'
        return r.reason instanceof DomainError ? r.reason.type : `unexpected: ${String(r.reason)}`
      })
      .sort()
  }

  it('creates of one PIN on one lock: exactly one wins', async () => {
    const ws = await workspaceWith('august')
    const ctx = contextOf(ws)
    const input = createAccessCodeInput.parse({ device_id: ws.devices[0], code: '6284' })
    expect(await outcomes(Array.from({ length: 10 }, () => () => createAccessCode(ctx, input)))).toEqual([
      ...Array<string>(9).fill('duplicate_access_code'),
      'fulfilled',
    ])
    expect((await list(ws, ws.devices[0])).filter((c) => c.code === '6284')).toHaveLength(1)
  })

  it('updates of several codes to one PIN: exactly one wins', async () => {
    const ws = await workspaceWith('august')
    const ctx = contextOf(ws)
    const codes = await Promise.all(
      ['1357', '2468', '3579', '4680', '5791'].map((code) => create(ws, { device_id: ws.devices[0], code })),
    )
    const runs = codes.map(
      (c) => () =>
        updateAccessCode(ctx, updateAccessCodeInput.parse({ access_code_id: c.access_code_id, code: '9137' })),
    )
    expect(await outcomes(runs)).toEqual([...Array<string>(4).fill('duplicate_access_code'), 'fulfilled'])
    expect((await list(ws, ws.devices[0])).filter((c) => c.code === '9137')).toHaveLength(1)
  })

  it('create_multiple calls with one PIN: exactly one wins on every lock', async () => {
    const ws = await workspaceWith('august', 'yale')
    const ctx = contextOf(ws)
    const input = createMultipleAccessCodesInput.parse({ device_ids: [...ws.devices], code: '2580' })
    expect(await outcomes(Array.from({ length: 6 }, () => () => createMultipleAccessCodes(ctx, input)))).toEqual([
      ...Array<string>(5).fill('duplicate_access_code'),
      'fulfilled',
    ])
    for (const deviceId of ws.devices)
      expect((await list(ws, deviceId)).filter((c) => c.code === '2580')).toHaveLength(1)
  })

  it('update_multiple calls: every code of the group ends with the same name and window', async () => {
    const ws = await workspaceWith('august', 'yale', 'schlage', 'smartthings')
    const ctx = contextOf(ws)
    const group = await createMultiple(ws, { device_ids: [...ws.devices] })
    const key = group[0]?.common_code_key ?? ''
    const runs = Array.from(
      { length: 6 },
      (_, i) => () =>
        updateMultipleAccessCodes(
          ctx,
          updateMultipleAccessCodesInput.parse({
            common_code_key: key,
            name: `Stay ${i}`,
            starts_at: inHours(i + 1),
            ends_at: inHours(i + 48),
          }),
        ),
    )
    expect(await outcomes(runs)).toEqual(Array<string>(6).fill('fulfilled'))
    const after = await Promise.all(group.map((c) => get(ws, c.access_code_id)))
    expect(new Set(after.map((c) => `${c.name}|${c.starts_at}|${c.ends_at}`)).size).toBe(1)
  })

  it('pulls for different codes: never one backup for two codes, and the pool runs out cleanly', async () => {
    const ws = await workspaceWith('yale')
    const ctx = contextOf(ws)
    const poolSize = profileOf('yale').backupPoolSize
    const codes: AccessCode[] = []
    for (let i = 0; i < poolSize + 2; i++) {
      codes.push(
        await create(ws, {
          device_id: ws.devices[0],
          use_backup_access_code_pool: true,
          starts_at: inHours(1),
          ends_at: inHours(48),
        }),
      )
    }
    const results = await Promise.allSettled(codes.map((c) => pullBackupAccessCode(ctx, c.access_code_id)))
    const backups = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.access_code_id] : []))
    expect(backups).toHaveLength(poolSize)
    expect(new Set(backups).size).toBe(poolSize)
    for (const r of results) {
      if (r.status === 'rejected')
        expect(r.reason instanceof DomainError ? r.reason.type : String(r.reason)).toBe('empty_backup_access_code_pool')
    }
    for (const [i, r] of results.entries()) {
      if (r.status !== 'fulfilled') continue
      expect((await get(ws, codes[i]?.access_code_id ?? '')).pulled_backup_access_code_id).toBe(r.value.access_code_id)
    }
  })

  it('pulls for the same code: all get the same backup', async () => {
    const ws = await workspaceWith('august')
    const ctx = contextOf(ws)
    const code = await create(ws, {
      device_id: ws.devices[0],
      use_backup_access_code_pool: true,
      starts_at: inHours(1),
      ends_at: inHours(48),
    })
    const results = await Promise.all(Array.from({ length: 6 }, () => pullBackupAccessCode(ctx, code.access_code_id)))
    expect(new Set(results.map((b) => b.access_code_id)).size).toBe(1)
  })
})
