import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toAccessCodeObject } from '@/lib/access-codes/access-code-object'
import { createAccessCode } from '@/lib/access-codes/create-access-code'
import { listAccessCodes, listAccessCodesSerialized } from '@/lib/access-codes/list-access-codes'
import type { ServiceContext } from '@/lib/context'
import type { Store } from '@/lib/db/connection'
import { bumpAccessCodesVersion } from '@/lib/db/device-record'
import { VISIBLE_CODE_COLUMNS } from '@/lib/db/migrations/0018-row-version-on-visible-change'
import type { AccessCodeRow } from '@/lib/db/schema'
import { listAccessCodesInput } from '@/lib/schemas/access-code'
import { ManualClock } from '@/lib/time/clock'
import { createWorkspace } from '@/lib/workspaces/create-workspace'
import { openTestStore } from '@/tests/support/test-store'

let store: Store
let ctx: ServiceContext
let deviceId: string
let otherDeviceId: string
let codeIds: string[]

beforeAll(async () => {
  store = await openTestStore()
  const clock = new ManualClock()
  const created = await createWorkspace(store.db, clock, { name: 'Lists', sandboxDevices: 2 })
  ctx = { db: store.db, clock, workspaceId: created.workspace_id }
  deviceId = created.device_ids[0] ?? ''
  otherDeviceId = created.device_ids[1] ?? ''
  codeIds = []
  for (let i = 0; i < 4; i++) {
    clock.advance(1_000)
    const { access_code } = await createAccessCode(ctx, { device_id: deviceId, name: `Guest ${i + 1}` })
    codeIds.push(access_code.access_code_id)
  }
})

afterAll(async () => {
  await store.close()
})

/** The body as listAccessCodes' own answer, serialized whole: what the assembled list must equal, byte for byte. */
async function reference(limit?: number, pageCursor?: string): Promise<string> {
  const input = listAccessCodesInput.parse({ device_id: deviceId, limit, page_cursor: pageCursor })
  return JSON.stringify({ ...(await listAccessCodes(ctx, input)), ok: true })
}

async function served(limit?: number, pageCursor?: string): Promise<string> {
  const input = listAccessCodesInput.parse({ device_id: deviceId, limit, page_cursor: pageCursor })
  return (await listAccessCodesSerialized(ctx, input)).body.toString('utf8')
}

/** Another value of the same kind for a column of a code, one the store accepts. */
function otherValue(column: keyof AccessCodeRow, value: unknown): unknown {
  switch (column) {
    case 'status':
      return value === 'set' ? 'setting' : 'set'
    case 'type':
      return value === 'ongoing' ? 'time_bound' : 'ongoing'
    case 'errors':
    case 'warnings':
      return '[{"error_code":"changed","message":"Changed."}]'
    case 'device_id':
      return otherDeviceId
    case 'workspace_id':
      return value
    case 'pulled_for_access_code_id':
    case 'pulled_backup_access_code_id':
      return codeIds[3]
    case 'stay_id':
      return null
    case 'failed_attempts':
      return Number(value) + 1
    default:
      if (value === 0 || value === 1) return value === 1 ? 0 : 1
      if (typeof value === 'string') return `${value}9`
      return column.endsWith('_at') ? '2031-01-01T00:00:00.000Z' : 'changed'
  }
}

describe('a device list assembled from each code’s cached JSON', () => {
  it('is the same body as the whole list serialized at once', async () => {
    expect(await served()).toBe(await reference())
  })

  it('follows a change to any column of one code, as every write does it (the row, then the version)', async () => {
    const target = codeIds[1] ?? ''
    const original = await store.db
      .selectFrom('access_codes')
      .selectAll()
      .where('access_code_id', '=', target)
      .executeTakeFirstOrThrow()
    const columns = (Object.keys(original) as (keyof AccessCodeRow)[]).filter((c) => c !== 'access_code_id')
    expect(columns.length).toBeGreaterThan(20)
    for (const column of columns) {
      // Pieces made from the row as it is…
      expect(await served(), `before ${column}`).toBe(await reference())
      const changed = otherValue(column, original[column])
      await store.db
        .updateTable('access_codes')
        .set({ [column]: changed })
        .where('access_code_id', '=', target)
        .execute()
      await bumpAccessCodesVersion(store.db, [deviceId])
      // …are not served once the row has changed: the list is what the store holds now.
      expect(await served(), `after a change to ${column}`).toBe(await reference())
      await store.db
        .updateTable('access_codes')
        .set({ [column]: original[column] })
        .where('access_code_id', '=', target)
        .execute()
      await bumpAccessCodesVersion(store.db, [deviceId])
    }
    expect(await served()).toBe(await reference())
  })

  it('names each body with its ETag: a changed body gets a new one, the same body again the same one', async () => {
    const input = listAccessCodesInput.parse({ device_id: deviceId })
    const before = await listAccessCodesSerialized(ctx, input)
    const target = codeIds[2] ?? ''
    const rename = async (name: string): Promise<void> => {
      await store.db.updateTable('access_codes').set({ name }).where('access_code_id', '=', target).execute()
      await bumpAccessCodesVersion(store.db, [deviceId])
    }
    await rename('Renamed guest')
    const renamed = await listAccessCodesSerialized(ctx, input)
    expect(renamed.body.equals(before.body)).toBe(false)
    expect(renamed.etag).not.toBe(before.etag)
    await rename('Guest 3')
    const back = await listAccessCodesSerialized(ctx, input)
    expect(back.body.equals(before.body)).toBe(true)
    expect(back.etag).toBe(before.etag)
    // Another lock's list of the same codes would differ in ids: its ETag is its own.
    const other = await listAccessCodesSerialized(ctx, listAccessCodesInput.parse({ device_id: otherDeviceId }))
    expect(other.etag).not.toBe(before.etag)
  })

  it('pages by cursor as the whole list does', async () => {
    const first = JSON.parse(await served(3)) as { pagination: { next_page_cursor: string | null } }
    expect(JSON.stringify(first)).toBe(await reference(3))
    const cursor = first.pagination.next_page_cursor
    expect(cursor).not.toBeNull()
    expect(await served(3, cursor ?? undefined)).toBe(await reference(3, cursor ?? undefined))
  })

  it('drops a deleted code and shows a new one after the write that made them', async () => {
    await served()
    await store.db
      .updateTable('access_codes')
      .set({ deleted_at: ctx.clock.now().toISOString() })
      .where('access_code_id', '=', codeIds[0] ?? '')
      .execute()
    await bumpAccessCodesVersion(store.db, [deviceId])
    const { access_code } = await createAccessCode(ctx, { device_id: deviceId, name: 'Late guest' })
    const body = await served()
    expect(body).toBe(await reference())
    expect(body).not.toContain(codeIds[0] ?? '-')
    expect(body).toContain(access_code.access_code_id)
  })

  it('answers a lock’s list with a filter from the filter, never from the cached whole list', async () => {
    const ids = async (extra: Record<string, unknown>): Promise<string[]> => {
      const input = listAccessCodesInput.parse({ device_id: deviceId, ...extra })
      const { access_codes } = JSON.parse((await listAccessCodesSerialized(ctx, input)).body.toString('utf8')) as {
        access_codes: { access_code_id: string }[]
      }
      return access_codes.map((c) => c.access_code_id)
    }
    // The whole list is cached first…
    expect((await ids({})).length).toBeGreaterThan(1)
    const fourth = codeIds[3] ?? ''
    // …and each filter still answers only what it matches.
    expect(await ids({ access_code_ids: [fourth] })).toEqual([fourth])
    expect(await ids({ search: 'Guest 4' })).toEqual([fourth])
    expect(await ids({ customer_key: 'customer_1' })).toEqual([])
    expect(await ids({ user_identifier_key: 'user_1' })).toEqual([])
  })
})

describe('a code’s row version (what its cached piece is filed under)', () => {
  const versionOf = async (id: string): Promise<number> =>
    Number(
      (
        await store.db
          .selectFrom('access_codes')
          .select('row_version')
          .where('access_code_id', '=', id)
          .executeTakeFirstOrThrow()
      ).row_version,
    )

  it('moves when a column the code’s object shows changes value, and only then', async () => {
    const target = codeIds[2] ?? ''
    const at = await versionOf(target)
    // The lock side's bookkeeping: a claim on the code, what was programmed, retries.
    await store.db
      .updateTable('access_codes')
      .set({
        lock_op_token: 'reconciler#claim',
        lock_op_expires_at: '2031-01-01T00:00:00.000Z',
        programmed_code: '1234',
        pending_since: '2031-01-01T00:00:00.000Z',
        failed_attempts: 2,
        provider_code_id: 'entry-7',
        updated_at: '2031-01-01T00:00:00.000Z',
      })
      .where('access_code_id', '=', target)
      .execute()
    expect(await versionOf(target)).toBe(at)
    // A shown column written with the value it has already.
    const { name } = await store.db
      .selectFrom('access_codes')
      .select('name')
      .where('access_code_id', '=', target)
      .executeTakeFirstOrThrow()
    await store.db.updateTable('access_codes').set({ name }).where('access_code_id', '=', target).execute()
    expect(await versionOf(target)).toBe(at)
    await store.db.updateTable('access_codes').set({ name: 'Moved on' }).where('access_code_id', '=', target).execute()
    expect(await versionOf(target)).toBe(at + 1)
    // From a value to null and back are changes too.
    await store.db.updateTable('access_codes').set({ ends_at: null }).where('access_code_id', '=', target).execute()
    expect(await versionOf(target)).toBe(at + 1)
    await store.db
      .updateTable('access_codes')
      .set({ ends_at: '2031-01-02T00:00:00.000Z' })
      .where('access_code_id', '=', target)
      .execute()
    expect(await versionOf(target)).toBe(at + 2)
    await store.db.updateTable('access_codes').set({ ends_at: null }).where('access_code_id', '=', target).execute()
    expect(await versionOf(target)).toBe(at + 3)
    await store.db.updateTable('access_codes').set({ name }).where('access_code_id', '=', target).execute()
    expect(await served()).toBe(await reference())
  })

  it('is moved by every column the object reads (the trigger’s list is the object’s)', () => {
    const read = new Set<string>()
    const row = new Proxy({} as AccessCodeRow, {
      get(_, key) {
        if (typeof key === 'string') read.add(key)
        return key === 'errors' || key === 'warnings' ? '[]' : null
      },
    })
    toAccessCodeObject(row, true)
    expect([...read].sort()).toEqual([...VISIBLE_CODE_COLUMNS].sort())
  })
})
