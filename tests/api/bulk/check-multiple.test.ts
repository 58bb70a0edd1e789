// /access_codes/create_multiple/check over HTTP: the bulk page's per-lock check, each reason a lock is refused or
// warned about, both behaviours when the PIN cannot be shared, tenancy, and that it writes nothing.
import { describe, expect, it } from 'vitest'
import { codeProblems } from '@/lib/shared/code-rules'
import type { CheckCreateMultipleResponse, LockCheck } from '@/lib/schemas/lock-check'
import {
  create,
  createMultiple,
  expectError,
  expectInvalidFields,
  inHours,
  list,
  rulesOf,
  store,
  workspaceWith,
  type Reply,
  type Workspace,
} from '@/tests/support/rules-api'

const CHECK = '/access_codes/create_multiple/check'

type AnyWorkspace = Workspace<readonly string[]>

async function check(ws: AnyWorkspace, body: Record<string, unknown>): Promise<CheckCreateMultipleResponse> {
  const reply = await ws.call(CHECK, body)
  expect(reply.status, JSON.stringify(reply.body)).toBe(200)
  const { ok, ...answer } = reply.body as unknown as CheckCreateMultipleResponse & { ok: boolean }
  expect(ok).toBe(true)
  return answer
}

const checkOf = (answer: CheckCreateMultipleResponse, deviceId: string): LockCheck => {
  const found = answer.checks.find((c) => c.device_id === deviceId)
  if (found === undefined) throw new Error(`no check for ${deviceId}`)
  return found
}

const problemsOf = (c: LockCheck): [string, string][] => c.problems.map((p) => [p.problem, p.severity])

/** Every code and event of the workspace: a check must leave both as they were. */
async function writtenRows(workspaceId: string): Promise<number> {
  const [codes, events] = await Promise.all([
    store.db
      .selectFrom('access_codes')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirstOrThrow(),
    store.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirstOrThrow(),
  ])
  return Number(codes.n) + Number(events.n)
}

describe('a PIN every lock takes', () => {
  it('answers one row per lock in the order given, with each lock’s facts, and writes nothing', async () => {
    const ws = await workspaceWith('yale', 'august', 'kwikset')
    const [yale, august, kwikset] = ws.devices
    const before = await writtenRows(ws.workspaceId)
    const answer = await check(ws, { device_ids: [kwikset, yale, august], name: 'Guest – Lee', code: '4826' })
    expect(answer.checks.map((c) => [c.device_id, c.code, c.outcome, c.problems])).toEqual([
      [kwikset, '4826', 'ok', []],
      [yale, '4826', 'ok', []],
      [august, '4826', 'ok', []],
    ])
    expect(answer).toMatchObject({ code: '4826', can_create: true, summary: 'All 3 locks take PIN 4826.' })
    const first = answer.checks[0]
    expect(first).toMatchObject({
      device_name: 'Kwikset lock 3',
      manufacturer: 'kwikset',
      online: true,
      max_active_codes: 250,
      slots_in_use: 0,
    })
    expect(first?.timezone).toMatch(/\//)
    expect(first?.property_name).not.toBe('')
    expect(await writtenRows(ws.workspaceId)).toBe(before)
  })

  it('picks a PIN every lock accepts when none is given, and create_multiple with it creates exactly that', async () => {
    const ws = await workspaceWith('august', 'lockly', 'kwikset', 'nuki')
    const [august, lockly, kwikset, nuki] = ws.devices
    const answer = await check(ws, { device_ids: [august, lockly, kwikset, nuki], name: 'Stay 7' })
    const pin = answer.code ?? ''
    // Nuki takes only 6 digits: the length every lock shares.
    expect(pin).toMatch(/^\d{6}$/)
    for (const provider of ['august', 'lockly', 'kwikset', 'nuki'])
      expect(codeProblems(pin, rulesOf(provider)), provider).toEqual([])
    expect(answer.checks.every((c) => c.outcome === 'ok' && c.code === pin)).toBe(true)
    expect(answer.can_create).toBe(true)

    const codes = await createMultiple(ws, { device_ids: [august, lockly, kwikset, nuki], name: 'Stay 7', code: pin })
    expect(codes.map((c) => c.code)).toEqual([pin, pin, pin, pin])
  })

  it('honours preferred_code_length when every lock takes it', async () => {
    const ws = await workspaceWith('august', 'yale')
    const answer = await check(ws, { device_ids: [...ws.devices], preferred_code_length: 7 })
    expect(answer.code).toMatch(/^\d{7}$/)
  })
})

describe('a lock whose rules refuse the PIN (pin_not_allowed_on_lock)', () => {
  it('with throw (the default): that lock is refused, in words naming the rule, and nothing can be created', async () => {
    const ws = await workspaceWith('august', 'yale', 'lockly')
    const [august, yale, lockly] = ws.devices
    const answer = await check(ws, { device_ids: [august, yale, lockly], code: '4826' })
    expect(answer.checks.map((c) => c.outcome)).toEqual(['ok', 'ok', 'refused'])
    const refused = checkOf(answer, lockly)
    expect(problemsOf(refused)).toEqual([['pin_not_allowed_on_lock', 'error']])
    expect(refused.problems[0]?.message).toBe('PIN 4826 must be 6 to 8 digits long on Lockly lock 3 (got 4).')
    expect(answer.can_create).toBe(false)
    expect(answer.summary).toMatch(/^Nothing would be created: Lockly lock 3 refuses\. PIN 4826 must be 6 to 8/)
    // What the check predicted is what create_multiple does.
    expectError(
      await ws.call('/access_codes/create_multiple', { device_ids: [august, yale, lockly], code: '4826' }, 'PUT'),
      409,
      'code_cannot_be_shared',
    )
    for (const id of ws.devices) expect(await list(ws, id)).toEqual([])
  })

  it('with create_random_code: that lock gets a PIN of its own that its rules allow, and the rest share the PIN', async () => {
    const ws = await workspaceWith('august', 'yale', 'lockly')
    const [august, yale, lockly] = ws.devices
    const body = {
      device_ids: [august, yale, lockly],
      name: 'Guest – Ana',
      code: '4826',
      behavior_when_code_cannot_be_shared: 'create_random_code',
    }
    const answer = await check(ws, body)
    expect(answer.checks.map((c) => [c.outcome, c.code === '4826'])).toEqual([
      ['ok', true],
      ['ok', true],
      ['own_pin', false],
    ])
    const own = checkOf(answer, lockly)
    expect(codeProblems(own.code ?? '', rulesOf('lockly'))).toEqual([])
    // The refusal stays, as a warning saying why this lock gets its own PIN.
    expect(problemsOf(own)).toEqual([['pin_not_allowed_on_lock', 'warning']])
    expect(own.problems[0]?.message).toMatch(/It gets a PIN of its own instead\.$/)
    expect(answer).toMatchObject({
      code: '4826',
      can_create: true,
      summary: '2 locks take PIN 4826; Lockly lock 3 gets a PIN of its own.',
    })
    const codes = await createMultiple(ws, body)
    expect(codes.map((c) => c.code === '4826')).toEqual([true, true, false])
  })

  it('a picked PIN the odd lock cannot take (no length in common) is refused with throw, its own PIN otherwise', async () => {
    const ws = await workspaceWith(
      'august',
      { provider: 'august', label: 'Four-digit lock', supportedCodeLengths: [4] },
      'nuki',
    )
    const [august, fourOnly, nuki] = ws.devices
    const refused = await check(ws, { device_ids: [august, fourOnly, nuki] })
    expect(refused.code).toMatch(/^\d{4}$/)
    expect(refused.checks.map((c) => c.outcome)).toEqual(['ok', 'ok', 'refused'])
    expect(problemsOf(checkOf(refused, nuki))).toEqual([['pin_not_allowed_on_lock', 'error']])
    const own = await check(ws, {
      device_ids: [august, fourOnly, nuki],
      behavior_when_code_cannot_be_shared: 'create_random_code',
    })
    expect(own.checks.map((c) => c.outcome)).toEqual(['ok', 'ok', 'own_pin'])
    expect(checkOf(own, nuki).code).toMatch(/^\d{6}$/)
  })
})

describe('a PIN already on the lock (pin_in_use_on_lock)', () => {
  it('names the managed code that holds it', async () => {
    const ws = await workspaceWith('august', 'yale')
    const [august, yale] = ws.devices
    await create(ws, { device_id: yale, name: 'Cleaner', code: '4826' })
    const answer = await check(ws, { device_ids: [august, yale], code: '4826' })
    const held = checkOf(answer, yale)
    expect([held.outcome, problemsOf(held)]).toEqual(['refused', [['pin_in_use_on_lock', 'error']]])
    expect(held.problems[0]?.message).toBe('PIN 4826 is already on Yale lock 2, held by access code "Cleaner".')
    expect(held.slots_in_use).toBe(1)
    expect(answer.can_create).toBe(false)
  })

  it('names an unmanaged code set at the keypad, and gives the lock its own PIN with create_random_code', async () => {
    const ws = await workspaceWith('august', 'yale')
    const [august, yale] = ws.devices
    await ws.call('/access_codes/simulate/create_unmanaged_access_code', {
      device_id: august,
      code: '4826',
      name: 'Owner',
    })
    const refused = await check(ws, { device_ids: [august, yale], code: '4826' })
    expect(checkOf(refused, august).problems[0]?.message).toContain(
      'unmanaged code "Owner" (set on the keypad outside Latchkey)',
    )
    const own = await check(ws, {
      device_ids: [august, yale],
      code: '4826',
      behavior_when_code_cannot_be_shared: 'create_random_code',
    })
    expect(own.checks.map((c) => c.outcome)).toEqual(['own_pin', 'ok'])
    expect(checkOf(own, august).code).not.toBe('4826')
    expect(problemsOf(checkOf(own, august))).toEqual([['pin_in_use_on_lock', 'warning']])
  })

  it('a picked PIN avoids the PINs the locks hold', async () => {
    const ws = await workspaceWith({
      provider: 'august',
      label: 'Tiny lock',
      supportedCodeLengths: [4],
      codeConstraints: [],
    })
    const [tiny] = ws.devices
    await create(ws, { device_id: tiny, code: '1111' })
    for (let i = 0; i < 5; i++) expect((await check(ws, { device_ids: [tiny] })).code).not.toBe('1111')
  })
})

describe('free slots over the window (no_free_slot)', () => {
  it('counts codes scheduled ahead only where they overlap the window, on a lock that does not schedule natively', async () => {
    const ws = await workspaceWith({ provider: 'smartthings', label: 'One-slot lock', maxActiveCodes: 1 })
    const [lock] = ws.devices
    await create(ws, { device_id: lock, name: 'Later guest', starts_at: inHours(48), ends_at: inHours(72) })
    const before = await check(ws, { device_ids: [lock], starts_at: inHours(10), ends_at: inHours(20) })
    expect(before.checks[0]).toMatchObject({ outcome: 'ok', slots_in_use: 0, max_active_codes: 1 })
    const overlapping = await check(ws, { device_ids: [lock], starts_at: inHours(50), ends_at: inHours(60) })
    expect(overlapping.checks[0]).toMatchObject({ outcome: 'refused', slots_in_use: 1 })
    expect(problemsOf(overlapping.checks[0] as LockCheck)).toEqual([['no_free_slot', 'error']])
    expect(overlapping.checks[0]?.problems[0]?.message).toContain('One-slot lock has 1 slots and all of them are taken')
    // An ongoing code would take the slot for good, so it meets the scheduled one too.
    expect((await check(ws, { device_ids: [lock] })).checks[0]?.outcome).toBe('refused')
  })

  it('is refused with create_random_code too: a PIN of its own does not make room', async () => {
    const ws = await workspaceWith('august', { provider: 'august', label: 'Full lock', maxActiveCodes: 1 })
    const [august, full] = ws.devices
    await create(ws, { device_id: full, code: '9135' })
    const answer = await check(ws, {
      device_ids: [august, full],
      code: '4826',
      behavior_when_code_cannot_be_shared: 'create_random_code',
    })
    expect(answer.checks.map((c) => c.outcome)).toEqual(['ok', 'refused'])
    expect(answer.can_create).toBe(false)
    expect(answer.summary).toMatch(/^Nothing would be created: Full lock cannot take a code\. Full lock has 1 slots/)
  })
})

describe('the lock’s state', () => {
  it('an offline lock is a warning (lock_offline): the code goes on when it is back', async () => {
    const ws = await workspaceWith('august', 'yale')
    const [august, yale] = ws.devices
    await ws.call('/devices/simulate/disconnect', { device_id: yale })
    const answer = await check(ws, { device_ids: [august, yale], code: '4826' })
    const offline = checkOf(answer, yale)
    expect([offline.outcome, offline.online, problemsOf(offline)]).toEqual(['ok', false, [['lock_offline', 'warning']]])
    expect(answer).toMatchObject({
      can_create: true,
      summary: 'All 2 locks take PIN 4826. 1 lock with a warning: see below.',
    })
  })

  it('a disconnected account is a warning (account_disconnected)', async () => {
    const ws = await workspaceWith('august')
    const [august] = ws.devices
    const device = await ws.call('/devices/get', { device_id: august })
    await ws.call('/connected_accounts/simulate/disconnect', {
      connected_account_id: device.body.device?.connected_account_id,
    })
    const answer = await check(ws, { device_ids: [august], code: '4826' })
    expect(problemsOf(answer.checks[0] as LockCheck)).toEqual([['account_disconnected', 'warning']])
    expect(answer.can_create).toBe(true)
  })

  it('a removed lock is refused (lock_removed)', async () => {
    const ws = await workspaceWith('august', 'yale')
    const [august, yale] = ws.devices
    await ws.call('/devices/simulate/remove', { device_id: yale })
    for (const behavior of ['throw', 'create_random_code']) {
      const answer = await check(ws, { device_ids: [august, yale], behavior_when_code_cannot_be_shared: behavior })
      expect(problemsOf(checkOf(answer, yale))).toEqual([['lock_removed', 'error']])
      expect(answer.can_create).toBe(false)
    }
  })

  it('a name longer than the lock keeps is a warning naming what the lock will show (name_too_long)', async () => {
    const ws = await workspaceWith('august', 'schlage')
    const [august, schlage] = ws.devices
    const answer = await check(ws, { device_ids: [august, schlage], name: 'Guest – Fernandez', code: '4826' })
    expect(problemsOf(checkOf(answer, august))).toEqual([])
    expect(problemsOf(checkOf(answer, schlage))).toEqual([['name_too_long', 'warning']])
    expect(checkOf(answer, schlage).problems[0]?.message).toContain('keeps names of up to 9 characters; this one is 17')
    expect(checkOf(answer, schlage).problems[0]?.message).toContain('shows "Guest – F"')
    expect(answer.can_create).toBe(true)
  })

  it('a kind of code the lock cannot hold is refused (code_kind_not_supported)', async () => {
    const ws = await workspaceWith('august', {
      provider: 'august',
      label: 'Offline-only lock',
      canProgramOnlineCodes: false,
    })
    const [august, offlineOnly] = ws.devices
    const answer = await check(ws, { device_ids: [august, offlineOnly], code: '4826' })
    expect(problemsOf(checkOf(answer, offlineOnly))).toEqual([['code_kind_not_supported', 'error']])
    expect(checkOf(answer, offlineOnly).problems[0]?.message).toContain('cannot program online access codes')
  })
})

describe('locks that choose their own PINs (lock_chooses_pin)', () => {
  it('stop a shared PIN with throw, and get their own with create_random_code', async () => {
    const ws = await workspaceWith('august', 'salto_ks')
    const [august, salto] = ws.devices
    const refused = await check(ws, { device_ids: [august, salto] })
    expect(problemsOf(checkOf(refused, salto))).toEqual([['lock_chooses_pin', 'error']])
    expect(refused.can_create).toBe(false)
    expectError(
      await ws.call('/access_codes/create_multiple', { device_ids: [august, salto] }, 'PUT'),
      409,
      'code_cannot_be_shared',
    )

    const own = await check(ws, {
      device_ids: [august, salto],
      behavior_when_code_cannot_be_shared: 'create_random_code',
    })
    expect(checkOf(own, salto)).toMatchObject({ outcome: 'own_pin', code: null })
    expect(problemsOf(checkOf(own, salto))).toEqual([['lock_chooses_pin', 'warning']])
    expect(checkOf(own, august).outcome).toBe('ok')
    expect(own.can_create).toBe(true)
  })

  it('alone and without a PIN, the code simply waits for the lock’s PIN', async () => {
    const ws = await workspaceWith('salto_ks')
    const answer = await check(ws, { device_ids: [...ws.devices] })
    expect(answer.checks[0]).toMatchObject({ outcome: 'own_pin', code: null })
    expect(answer).toMatchObject({ code: null, can_create: true })
  })
})

describe('tenancy and bad input', () => {
  it('another workspace’s lock is not found (404), as create_multiple answers, and nothing is written', async () => {
    const mine = await workspaceWith('august')
    const theirs = await workspaceWith('yale')
    const before = await writtenRows(mine.workspaceId)
    const reply: Reply = await mine.call(CHECK, { device_ids: [mine.devices[0], theirs.devices[0]], code: '4826' })
    const error = expectError(reply, 404, 'device_not_found')
    expect(error.device_ids).toEqual([theirs.devices[0]])
    expectError(
      await mine.call('/access_codes/create_multiple', { device_ids: [mine.devices[0], theirs.devices[0]] }, 'PUT'),
      404,
      'device_not_found',
    )
    expect(await writtenRows(mine.workspaceId)).toBe(before)
  })

  it('refuses bad bodies with 400 invalid_input naming the field', async () => {
    const ws = await workspaceWith('august')
    const [august] = ws.devices
    expect(expectInvalidFields(await ws.call(CHECK, {}))).toEqual(['device_ids'])
    expect(expectInvalidFields(await ws.call(CHECK, { device_ids: [august], code: '12a4' }))).toEqual(['code'])
    expect(expectInvalidFields(await ws.call(CHECK, { device_ids: [august, august] }))).toEqual(['device_ids'])
    expect(
      expectInvalidFields(await ws.call(CHECK, { device_ids: [august], starts_at: inHours(5), ends_at: inHours(2) })),
    ).toEqual(['ends_at'])
    expect(
      expectInvalidFields(await ws.call(CHECK, { device_ids: [august], starts_at: inHours(-5), ends_at: inHours(-2) })),
    ).toEqual(['ends_at'])
    expect(
      expectInvalidFields(await ws.call(CHECK, { device_ids: [august], behavior_when_code_cannot_be_shared: 'x' })),
    ).toEqual(['behavior_when_code_cannot_be_shared'])
    expectError(await ws.call(CHECK, { device_ids: [august] }, 'PUT'), 405, 'method_not_allowed')
  })
})
