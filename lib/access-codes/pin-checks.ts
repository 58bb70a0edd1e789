import 'server-only'
import { DomainError, invalidInput } from '@/lib/errors/domain-error'
import {
  batchedSecureRandom,
  codeGenerator,
  codeProblems,
  deviceForbidsChosenPin,
  generateCode,
  type CodeRulesDevice,
} from '@/lib/shared/code-rules'
import { assertPinFree, livePinsOnDevice } from '@/lib/access-codes/access-code-store'
import type { Kysely } from 'kysely'
import type { Database } from '@/lib/db/schema'
import type { DeviceRecord } from '@/lib/db/device-record'
import { prepared } from '@/lib/db/prepared'

/** The PIN of a new or changed code: one the caller chose, checked against the lock and its codes, or one generated. */

export const rulesOf = (device: DeviceRecord): CodeRulesDevice => ({
  supportedCodeLengths: device.supportedCodeLengths,
  codeConstraints: device.codeConstraints,
})

const needsOtherCodes = (device: DeviceRecord): boolean =>
  device.codeConstraints.some((c) => c.constraint_type === 'unique_first_four_digits')

/** Problems with a chosen PIN on this lock (length, digits, the lock's constraints), as `code` field messages. */
export async function chosenPinProblems(
  db: Kysely<Database>,
  device: DeviceRecord,
  code: string,
  exceptAccessCodeId?: string,
): Promise<string[]> {
  if (deviceForbidsChosenPin(device)) {
    return [`cannot be chosen on ${device.displayName}: this lock assigns its own codes, so leave code out`]
  }
  const others = needsOtherCodes(device) ? await livePinsOnDevice(db, device.deviceId, exceptAccessCodeId) : []
  return codeProblems(code, rulesOf(device), others).map((p) => p.replace('on this lock', `on ${device.displayName}`))
}

/** A chosen PIN the lock accepts (else invalid_input on `code`) and no live code on it holds (else duplicate_access_code). */
export async function assertChosenPinAvailable(
  db: Kysely<Database>,
  device: DeviceRecord,
  code: string,
  exceptAccessCodeId?: string,
): Promise<void> {
  const problems = await chosenPinProblems(db, device, code, exceptAccessCodeId)
  if (problems.length > 0) throw invalidInput({ code: problems })
  await assertPinFree(db, device, code, exceptAccessCodeId)
}

/** Which of these PINs a live code on any of the devices holds (a round of a create's candidates, in one read). */
const livePinsAmong = prepared((db, p: { deviceIds: string[]; pins: string[] }) =>
  db
    .selectFrom('access_codes')
    .select('code')
    .where('device_id', 'in', p.deviceIds)
    .where('code', 'in', p.pins)
    .where('deleted_at', 'is', null),
)

/**
 * How many candidates each read of the index tries: one first (on locks with room it is almost always free, and the
 * read costs one look-up per lock: 50 for a create_multiple on 50 locks, not 800), then sixteen at once.
 */
const CANDIDATE_ROUNDS = [1, 16] as const

/**
 * A fresh PIN that all the devices accept and none of them holds. Tries candidates against the index first
 * (cheap on a lock with many codes) and only reads every PIN on the locks when that keeps colliding.
 */
export async function generateFreePin(
  db: Kysely<Database>,
  devices: readonly DeviceRecord[],
  preferredLength?: number,
): Promise<string | undefined> {
  const rules = devices.map(rulesOf)
  const deviceIds = devices.map((d) => d.deviceId)
  const compareOthers = devices.some(needsOtherCodes)
  if (!compareOthers) {
    // One source for every round: the CSPRNG is asked once for the bytes of (usually) all of them, and the locks'
    // rules are read once.
    const next = codeGenerator(rules, [], preferredLength, batchedSecureRandom(256))
    for (const size of CANDIDATE_ROUNDS) {
      const candidates = new Set<string>()
      for (let i = 0; i < size; i++) {
        const candidate = next()
        if (candidate === undefined) return undefined
        candidates.add(candidate)
      }
      const { rows: held } = await livePinsAmong(db, { deviceIds, pins: [...candidates] })
      const heldSet = new Set(held.map((r) => r.code))
      const free = [...candidates].find((c) => !heldSet.has(c))
      if (free !== undefined) return free
    }
  }
  const taken = await Promise.all(deviceIds.map((id) => livePinsOnDevice(db, id).then((pins) => new Set(pins))))
  return generateCode(rules, taken, preferredLength)
}

/** generateFreePin for one device, or cannot_generate_code when it has none left. */
export async function freePinFor(
  db: Kysely<Database>,
  device: DeviceRecord,
  preferredLength?: number,
): Promise<string> {
  const pin = await generateFreePin(db, [device], preferredLength)
  if (pin === undefined)
    throw new DomainError('cannot_generate_code', `No free PIN could be generated for ${device.displayName}.`)
  return pin
}
