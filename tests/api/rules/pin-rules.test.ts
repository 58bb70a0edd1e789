// The rules of issue 2, item 6, over HTTP: a chosen PIN must fit the lock, and generated PINs do.
import { isSeamHttpInvalidInputError } from 'seam'
import { describe, expect, it } from 'vitest'
import { codeProblems } from '@/lib/shared/code-rules'
import { sandboxLockProfiles } from '@/lib/locks/sandbox-profiles'
import type { CodeConstraintType } from '@/lib/schemas/device'
import {
  rulesOf,
  workspaceWith,
  expectError,
  expectInvalidFields,
  expectOk,
  create,
  get,
  list,
} from '@/tests/support/rules-api'

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

  it('a lock that assigns its own PINs refuses a chosen one, and its code waits for the lock’s PIN', async () => {
    const ws = await workspaceWith({
      provider: 'august',
      codeConstraints: [{ constraint_type: 'cannot_specify_pin_code' }],
    })
    const [lock] = ws.devices
    expect(expectInvalidFields(await ws.call('/access_codes/create', { device_id: lock, code: '4821' }))).toEqual([
      'code',
    ])
    expect(await create(ws, { device_id: lock })).toMatchObject({ code: null, is_waiting_for_code_assignment: true })
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

describe('generated PINs', () => {
  it('fit every brand profile at its shortest length, and differ from each other on the lock', async () => {
    // Locks that choose their PINs get none from Latchkey (tests/api/rules/code-assignment.test.ts).
    const providers = sandboxLockProfiles
      .filter((p) => !p.codeConstraints.some((c) => c.constraint_type === 'cannot_specify_pin_code'))
      .map((p) => p.provider)
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
