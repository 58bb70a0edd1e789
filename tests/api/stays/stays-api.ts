// Helpers of the stays API tests (tests/api/stays/*.test.ts but import*): write and read stays over HTTP, and look at
// what the sandbox keypads hold, over the simulation fixture's store, server, sandbox locks (August, Schlage,
// SmartThings, igloohome, Kwikset, Yale, TTLock, Lockly, in that order) and hand-driven reconciler (clock at
// 2026-03-02 12:00 UTC).
import { expect } from 'vitest'
import { addSandboxDevice } from '@/lib/devices/add-sandbox-device'
import { profileFor } from '@/lib/locks/sandbox-profiles'
import {
  listStaysResponse,
  stayResponse,
  stayWriteResponse,
  type ListStaysResponse,
  type Stay,
  type StayWriteResponse,
} from '@/lib/schemas/stay'
import type { HttpClient, Json } from '@/tests/support/http-client'
import { at, clock, DAY, http, store, workspace } from '@/tests/support/simulation-api'

/** Check-in three days after the fixture's clock, check-out three days later. */
export const window = (): { check_in: string; check_out: string } => ({ check_in: at(3 * DAY), check_out: at(6 * DAY) })

export async function write(path: string, body: Json, client: HttpClient = http): Promise<StayWriteResponse> {
  const { ok: _ok, ...answer } = await client.ok(path, body)
  return stayWriteResponse.parse(answer)
}

export const createStay = (body: Json, client?: HttpClient) => write('/stays/create', body, client)
export const updateStay = (body: Json, client?: HttpClient) => write('/stays/update', body, client)
export const cancelStay = (body: Json, client?: HttpClient) => write('/stays/delete', body, client)

/** The stay a write answered with (it must have one). */
export function stayOf(answer: StayWriteResponse): Stay {
  if (answer.stay === null) throw new Error('the write answered no stay')
  return answer.stay
}

export async function getStay(query: Json, client: HttpClient = http): Promise<Stay> {
  const { ok: _ok, ...answer } = await client.ok('/stays/get', query)
  return stayResponse.parse(answer).stay
}

export async function listStays(query: Json = {}, client: HttpClient = http): Promise<ListStaysResponse> {
  const { ok: _ok, ...answer } = await client.ok('/stays/list', query)
  return listStaysResponse.parse(answer)
}

/** A lock of a brand that chooses every PIN itself (Salto KS), added to the fixture's workspace. */
export async function addLockThatChoosesPins(name = 'Salto door'): Promise<string> {
  const profile = profileFor('salto_ks')
  if (profile === undefined) throw new Error('no salto_ks profile')
  return addSandboxDevice(store.db, clock, {
    workspaceId: workspace.workspace_id,
    propertyId: workspace.property_id,
    profile,
    displayName: name,
  })
}

/** The PINs each sandbox keypad holds now. */
export async function keypadPins(deviceIds: readonly string[]): Promise<Map<string, string[]>> {
  const rows = await store.db
    .selectFrom('sandbox_keypad_codes')
    .select(['device_id', 'code'])
    .where('device_id', 'in', [...deviceIds])
    .execute()
  const pins = new Map<string, string[]>(deviceIds.map((id) => [id, []]))
  for (const row of rows) pins.get(row.device_id)?.push(row.code)
  return pins
}

/** The PINs on each of these keypads, in their order. */
export async function keypadPinsOf(deviceIds: readonly string[]): Promise<string[][]> {
  const pins = await keypadPins(deviceIds)
  return deviceIds.map((id) => [...(pins.get(id) ?? [])].sort())
}

/** Rows of the tables a stay write touches, to show that a refused write or a dry run wrote nothing. */
export async function writtenRows(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {}
  for (const table of ['stays', 'access_codes', 'events', 'sync_jobs'] as const) {
    const { n } = await store.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow()
    counts[table] = Number(n)
  }
  const { latest } = await store.db
    .selectFrom('access_codes')
    .select((eb) => eb.fn.max('updated_at').as('latest'))
    .executeTakeFirstOrThrow()
  counts.latest_code_update = latest === null ? 0 : Date.parse(latest)
  return counts
}

/** A stay's problems as `problem@device` pairs, for one exact assertion. */
export const problemPairs = (problems: readonly { problem: string; device_id: string | null }[]): string[] =>
  problems.map((p) => `${p.problem}@${p.device_id ?? '-'}`)

/** Each door of the stay as `device: status code`, in the order of its device_ids. */
export function doorsOf(
  stay: Stay,
): { device_id: string; code: string | null; starts_at: string | null; ends_at: string | null }[] {
  return stay.device_ids.map((id) => {
    const code = stay.access_codes.find((c) => c.device_id === id)
    expect(code, `door ${id}`).toBeDefined()
    return {
      device_id: id,
      code: code?.code ?? null,
      starts_at: code?.starts_at ?? null,
      ends_at: code?.ends_at ?? null,
    }
  })
}
