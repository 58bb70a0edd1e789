// Issue 10, "done means": every error and warning of the catalogue can be made to appear on a sandbox lock of a
// brand it belongs to, through /devices/simulate/fault (or, for the few that are not lock faults, through what people
// do in Latchkey), and goes away again the way the table says. The lock behaves; the reconciler reads it: nothing
// here writes an issue onto a code. A catalogue entry that nothing can produce fails the coverage test.
import { describe, expect, it } from 'vitest'
import { addSandboxDevice } from '@/lib/devices/add-sandbox-device'
import { notALockFaults, sandboxFaults, type SandboxFault } from '@/lib/locks/sandbox-faults'
import { catalogueFor, type IssueKind } from '@/lib/shared/issue-catalogue'
import {
  DAY,
  HOUR,
  MINUTE,
  advance,
  at,
  clock,
  createCode,
  deleteCode,
  http,
  profileOf,
  settle,
  store,
  workspace,
  type AccessCodeView,
} from '@/tests/support/simulation-api'

/** Catalogue entries no lock can ever cause, and why. */
const NOT_A_LOCK_ISSUE: Record<IssueKind, Record<string, string>> = {
  error: { auxiliary_heat_running: 'a thermostat error: Seam lists it among device errors, locks never report it' },
  warning: {},
}

const FAILURES_BEFORE_ERROR = 3

type Seen = { errors: Set<string>; warnings: Set<string> }

const locks = new Map<string, string>()

/** A sandbox lock of that brand in the fixture's workspace, added on first use. */
async function lockOf(provider: string): Promise<string> {
  const known = locks.get(`${workspace.workspace_id}/${provider}`)
  if (known !== undefined) return known
  const deviceId = await addSandboxDevice(store.db, clock, {
    workspaceId: workspace.workspace_id,
    propertyId: workspace.property_id,
    profile: profileOf(provider),
    displayName: `Issue table ${provider}`,
  })
  locks.set(`${workspace.workspace_id}/${provider}`, deviceId)
  return deviceId
}

const brandFor = (brands: readonly string[] | 'every'): string => (brands === 'every' ? 'august' : (brands[0] ?? ''))

/** A code the lock can take now: ongoing, or a stay from now on brands that choose the PIN themselves. */
async function newCode(deviceId: string, provider: string, extra: Record<string, unknown> = {}): Promise<string> {
  const picksPin = profileOf(provider).codeConstraints.some((c) => c.constraint_type === 'cannot_specify_pin_code')
  const window = picksPin ? { starts_at: at(-MINUTE), ends_at: at(7 * DAY) } : {}
  const { access_code } = await createCode({ device_id: deviceId, name: 'Table test', ...window, ...extra })
  return access_code.access_code_id
}

async function injectFault(deviceId: string, fault: string, operations?: number): Promise<void> {
  await http.ok('/devices/simulate/fault', {
    device_id: deviceId,
    fault,
    ...(operations === undefined ? {} : { operations }),
  })
}

const clearFaults = (deviceId: string): Promise<unknown> =>
  http.ok('/devices/simulate/clear_faults', { device_id: deviceId })

/** The code as /access_codes/get shows it, or, once deleted, as the pending removals list does; null when gone. */
async function look(deviceId: string, accessCodeId: string): Promise<AccessCodeView | null> {
  const got = await http.call('/access_codes/get', { access_code_id: accessCodeId })
  if (got.status === 200) return (got.body as { access_code: AccessCodeView }).access_code
  const removals = await http.ok<{ access_codes: AccessCodeView[] }>('/access_codes/pending_removals/list', {
    device_id: deviceId,
  })
  return removals.access_codes.find((c) => c.access_code_id === accessCodeId) ?? null
}

const issuesOf = (code: AccessCodeView | null): { errors: string[]; warnings: string[] } => ({
  errors: code?.errors.map((e) => e.error_code) ?? [],
  warnings: code?.warnings.map((w) => w.warning_code) ?? [],
})

/**
 * Runs the lock side a minute at a time (bounded) until `done` holds, recording every issue the code showed on the
 * way. Fails with what it last saw.
 */
async function stepUntil(
  deviceId: string,
  accessCodeId: string,
  done: (code: AccessCodeView | null, seen: Seen) => boolean,
  seen: Seen = { errors: new Set(), warnings: new Set() },
  maxSteps = 240,
): Promise<Seen> {
  let code: AccessCodeView | null = null
  for (let step = 0; step <= maxSteps; step++) {
    if (step > 0) await advance(MINUTE)
    else await settle()
    code = await look(deviceId, accessCodeId)
    const { errors, warnings } = issuesOf(code)
    for (const e of errors) seen.errors.add(e)
    for (const w of warnings) seen.warnings.add(w)
    if (done(code, seen)) return seen
  }
  throw new Error(
    `gave up after ${maxSteps} minutes; last seen: ${JSON.stringify(code === null ? null : { status: code.status, ...issuesOf(code) })}`,
  )
}

const sawAll = (fault: SandboxFault) => (_code: AccessCodeView | null, seen: Seen) =>
  fault.produces.errors.every((e) => seen.errors.has(e)) && fault.produces.warnings.every((w) => seen.warnings.has(w))

/** None of the fault's issues is on the code any more (or the code is gone). */
const freeOf = (fault: SandboxFault) => (code: AccessCodeView | null) => {
  const { errors, warnings } = issuesOf(code)
  return (
    !fault.produces.errors.some((e) => errors.includes(e)) && !fault.produces.warnings.some((w) => warnings.includes(w))
  )
}

const isSet = (code: AccessCodeView | null): boolean => code?.status === 'set'

/** How many refusals it takes for the fault's error to show: retried failures become errors after a few tries. */
function operationsFor(fault: SandboxFault): number | undefined {
  if (fault.lasts !== 'operations') return undefined
  if (fault.effect.type === 'refuse' && (fault.effect.refusal === 'failed' || fault.effect.refusal === 'unconfirmed'))
    return fault.produces.errors.length > 0 ? FAILURES_BEFORE_ERROR : 1
  return 1
}

/** Drives one fault on a lock of its first brand: its issues appear, then go as the table says. */
async function drive(fault: SandboxFault): Promise<void> {
  const provider = brandFor(fault.brands)
  const deviceId = await lockOf(provider)
  const effect = fault.effect
  const operations = operationsFor(fault)

  if (effect.type === 'refuse' && effect.on === 'set') {
    await injectFault(deviceId, fault.code, operations)
    const id = await newCode(deviceId, provider)
    await stepUntil(deviceId, id, sawAll(fault))
    await stepUntil(deviceId, id, (c) => isSet(c) && freeOf(fault)(c))
    return
  }
  if ((effect.type === 'refuse' || effect.type === 'stall') && effect.on === 'remove') {
    const id = await newCode(deviceId, provider)
    await stepUntil(deviceId, id, isSet)
    await injectFault(deviceId, fault.code, operations)
    await deleteCode(id)
    await stepUntil(deviceId, id, sawAll(fault))
    if (fault.lasts === 'until_cleared') await clearFaults(deviceId)
    await stepUntil(deviceId, id, (c) => c === null)
    return
  }
  if (effect.type === 'stall') {
    await injectFault(deviceId, fault.code)
    const id = await newCode(deviceId, provider)
    await stepUntil(deviceId, id, sawAll(fault))
    await clearFaults(deviceId)
    await stepUntil(deviceId, id, (c) => isSet(c) && freeOf(fault)(c))
    return
  }
  if (effect.type === 'modify_entries') {
    // Not allowed: Latchkey puts its PIN back and the error goes. With an instant sandbox lock that happens within
    // the pass that notices the change, so the first try at restoring it is made to fail, to see the error.
    const guarded = await newCode(deviceId, provider)
    await stepUntil(deviceId, guarded, isSet)
    await injectFault(deviceId, 'failed_to_set_on_device', 1)
    await injectFault(deviceId, fault.code, 1)
    const seen = await stepUntil(deviceId, guarded, (_c, s) => s.errors.has(fault.code))
    await stepUntil(deviceId, guarded, (c) => isSet(c) && freeOf(fault)(c), seen)
    await http.ok('/access_codes/delete', { access_code_id: guarded })
    // Allowed: the new PIN is kept, with the warning, until the code is changed through Latchkey.
    const allowed = await newCode(deviceId, provider, { is_external_modification_allowed: true })
    await stepUntil(deviceId, allowed, isSet)
    await injectFault(deviceId, fault.code, 1)
    await stepUntil(deviceId, allowed, (_c, s) => s.warnings.has(fault.code))
    await http.ok('/access_codes/update', { access_code_id: allowed, name: 'Changed through Latchkey' })
    await stepUntil(deviceId, allowed, (c) => isSet(c) && freeOf(fault)(c))
    return
  }
  // A condition of the lock (or of its account): shown on a code already on the keypad, gone once cleared.
  const id = await newCode(deviceId, provider)
  await stepUntil(deviceId, id, isSet)
  await injectFault(deviceId, fault.code, operations)
  await stepUntil(deviceId, id, sawAll(fault), undefined, fault.produces.warnings.length > 0 ? 240 : 30)
  await clearFaults(deviceId)
  if (fault.lasts === 'permanent') {
    // A removed lock does not come back: the code keeps the error.
    await advance(10 * MINUTE)
    expect(issuesOf(await look(deviceId, id)).errors).toContain(fault.code)
    return
  }
  await stepUntil(deviceId, id, (c) => isSet(c) && freeOf(fault)(c))
}

describe('every error and warning of the catalogue', () => {
  it('is produced by a fault of the table, by what people do, or is named as impossible on a lock', () => {
    const produced: Record<IssueKind, Set<string>> = {
      error: new Set([
        ...sandboxFaults.flatMap((f) => f.produces.errors),
        ...notALockFaults.filter((f) => f.kind === 'error').map((f) => f.code),
      ]),
      warning: new Set([
        ...sandboxFaults.flatMap((f) => f.produces.warnings),
        ...notALockFaults.filter((f) => f.kind === 'warning').map((f) => f.code),
      ]),
    }
    for (const kind of ['error', 'warning'] as const) {
      const catalogued = Object.keys(catalogueFor(kind))
      const missing = catalogued.filter(
        (code) => !produced[kind].has(code) && NOT_A_LOCK_ISSUE[kind][code] === undefined,
      )
      expect(missing, `${kind}s no sandbox lock can produce`).toEqual([])
      // And nothing produces a code the catalogue does not know.
      expect([...produced[kind]].filter((code) => !catalogued.includes(code))).toEqual([])
    }
  })

  it('names brands that exist for every fault', () => {
    for (const fault of [...sandboxFaults, ...notALockFaults]) {
      if (fault.brands === 'every') continue
      expect(fault.brands.length, fault.code).toBeGreaterThan(0)
      for (const brand of fault.brands) expect(() => profileOf(brand), `${fault.code} on ${brand}`).not.toThrow()
    }
  })

  for (const fault of sandboxFaults) {
    const shows = [
      ...fault.produces.errors.map((e) => `error ${e}`),
      ...fault.produces.warnings.map((w) => `warning ${w}`),
    ]
    it(`${fault.code}: ${shows.join(' and ')} on ${brandFor(fault.brands)}, and ${fault.lasts === 'permanent' ? 'it stays' : 'it clears'}`, async () => {
      await drive(fault)
    })
  }

  it('empty_backup_access_code_pool: shows once every backup is lent, and goes when one comes back', async () => {
    const deviceId = await lockOf('august')
    const poolSize = profileOf('august').backupPoolSize
    const stay = { use_backup_access_code_pool: true, starts_at: at(HOUR), ends_at: at(DAY) }
    const stays: string[] = []
    for (let i = 0; i <= poolSize; i++) stays.push(await newCode(deviceId, 'august', stay))
    await settle()
    for (const id of stays.slice(0, poolSize))
      await http.ok('/access_codes/pull_backup_access_code', { access_code_id: id })
    const waiting = stays[poolSize] ?? ''
    await stepUntil(deviceId, waiting, (_c, s) => s.errors.has('empty_backup_access_code_pool'), undefined, 5)
    await http.ok('/access_codes/delete', { access_code_id: stays[0] })
    await stepUntil(
      deviceId,
      waiting,
      (c) => !issuesOf(c).errors.includes('empty_backup_access_code_pool'),
      undefined,
      5,
    )
  })

  it('igloo_algopin_must_be_used_within_24_hours: on an igloohome offline code, gone with the code', async () => {
    const deviceId = await lockOf('igloohome')
    const start = new Date(Math.ceil((clock.now().getTime() + HOUR) / HOUR) * HOUR)
    const id = await newCode(deviceId, 'igloohome', {
      is_offline_access_code: true,
      starts_at: start.toISOString(),
      ends_at: new Date(start.getTime() + 2 * DAY).toISOString(),
    })
    await stepUntil(deviceId, id, (_c, s) => s.warnings.has('igloo_algopin_must_be_used_within_24_hours'), undefined, 5)
    await http.ok('/access_codes/delete', { access_code_id: id })
    await stepUntil(deviceId, id, (c) => c === null, undefined, 5)
  })
})
