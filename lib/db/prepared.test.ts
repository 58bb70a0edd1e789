import { sql, type Insertable } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Store } from '@/lib/db/connection'
import type { Bool, WorkspacesTable } from '@/lib/db/schema'
import { powerOfTwoChunks, prepared, SHAPES_KEPT } from '@/lib/db/prepared'
import { inTransaction } from '@/lib/db/transaction'
import { openTestStore } from '@/tests/support/test-store'

let store: Store

beforeAll(async () => {
  store = await openTestStore()
})
afterAll(async () => {
  await store.close()
})

// is_sandbox may be left out (the column's default, 1), as Kysely's values() leaves out undefined keys.
type Workspace = Omit<Insertable<WorkspacesTable>, 'is_sandbox'> & { is_sandbox?: Bool | undefined }

let builds = 0
const insertWorkspaces = prepared((db, p: { rows: Workspace[] }) => {
  builds++
  return db.insertInto('workspaces').values(p.rows as Insertable<WorkspacesTable>[])
})
const namesOf = prepared((db, p: { ids: string[] }) =>
  db
    .selectFrom('workspaces')
    .select(['workspace_id', 'name', 'is_sandbox'])
    .where('workspace_id', 'in', p.ids)
    .orderBy('workspace_id'),
)
// `1 - is_sandbox`: a constant the builder writes, compiled as a parameter of its own.
const renameAndFlip = prepared((db, p: { id: string; name: string }) =>
  db
    .updateTable('workspaces')
    .set({ name: p.name, is_sandbox: sql<Bool>`${1} - is_sandbox` })
    .where('workspace_id', '=', p.id),
)

const at = '2026-11-30T10:00:00.000Z'
const row = (id: string, name: string, extra: Partial<Workspace> = {}): Workspace => ({
  workspace_id: id,
  name,
  created_at: at,
  ...extra,
})

describe('prepared()', () => {
  it('runs each call with its own values, builds once per shape, and answers as Kysely does', async () => {
    builds = 0
    await insertWorkspaces(store.db, { rows: [row('p-a', 'A')] })
    await insertWorkspaces(store.db, { rows: [row('p-b', 'B')] })
    expect(builds).toBe(1)
    const result = await insertWorkspaces(store.db, { rows: [row('p-c', 'C'), row('p-d', 'D')] })
    expect(builds).toBe(2)
    expect(result.numAffectedRows).toBe(2n)

    expect((await namesOf(store.db, { ids: ['p-b'] })).rows).toEqual([
      { workspace_id: 'p-b', name: 'B', is_sandbox: 1 },
    ])
    const three = await namesOf(store.db, { ids: ['p-d', 'p-a', 'p-c'] })
    expect(three.rows.map((r) => r.name)).toEqual(['A', 'C', 'D'])
  })

  it('leaves out keys that are undefined, as values() does, and keeps a row shape of its own', async () => {
    builds = 0
    await insertWorkspaces(store.db, { rows: [row('p-e', 'E', { is_sandbox: 0 })] })
    await insertWorkspaces(store.db, { rows: [{ ...row('p-f', 'F'), is_sandbox: undefined }] })
    // The first row's shape is new; the second's (is_sandbox left out) is the shape of the rows of the test before.
    expect(builds).toBe(1)
    const rows = (await namesOf(store.db, { ids: ['p-e', 'p-f'] })).rows
    expect(rows).toEqual([
      { workspace_id: 'p-e', name: 'E', is_sandbox: 0 },
      { workspace_id: 'p-f', name: 'F', is_sandbox: 1 },
    ])
  })

  it('keeps the constants the builder wrote beside the parameters', async () => {
    await insertWorkspaces(store.db, { rows: [row('p-g', 'G'), row('p-h', 'H')] })
    await renameAndFlip(store.db, { id: 'p-g', name: 'Gee' })
    await renameAndFlip(store.db, { id: 'p-h', name: 'Aitch' })
    await renameAndFlip(store.db, { id: 'p-h', name: 'Aitch again' })
    const rows = (await namesOf(store.db, { ids: ['p-g', 'p-h'] })).rows
    expect(rows).toEqual([
      { workspace_id: 'p-g', name: 'Gee', is_sandbox: 0 },
      { workspace_id: 'p-h', name: 'Aitch again', is_sandbox: 1 },
    ])
  })

  it('runs in the transaction it is given, and a rollback takes its writes back', async () => {
    await inTransaction(store.db, async (trx) => {
      await insertWorkspaces(trx, { rows: [row('p-i', 'I')] })
      expect((await namesOf(trx, { ids: ['p-i'] })).rows).toHaveLength(1)
    })
    await expect(
      inTransaction(store.db, async (trx) => {
        await insertWorkspaces(trx, { rows: [row('p-j', 'J')] })
        throw new Error('changed my mind')
      }),
    ).rejects.toThrow('changed my mind')
    expect((await namesOf(store.db, { ids: ['p-i', 'p-j'] })).rows.map((r) => r.workspace_id)).toEqual(['p-i'])
  })

  it('keeps the latest shapes only, and builds an evicted one again', async () => {
    let listBuilds = 0
    const countOf = prepared((db, p: { ids: string[] }) => {
      listBuilds++
      return db
        .selectFrom('workspaces')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('workspace_id', 'in', p.ids)
    })
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `p-a${i === 0 ? '' : i}`)
    for (let n = 1; n <= SHAPES_KEPT; n++) await countOf(store.db, { ids: ids(n) })
    await countOf(store.db, { ids: ids(1) })
    expect(listBuilds).toBe(SHAPES_KEPT)
    await countOf(store.db, { ids: ids(SHAPES_KEPT + 1) })
    const [row] = (await countOf(store.db, { ids: ids(1) })).rows
    expect(listBuilds).toBe(SHAPES_KEPT + 2)
    expect(Number(row?.n)).toBe(1)
  })

  it('refuses an object given whole as one value instead of running with its stand-ins', async () => {
    const whole = prepared((db, p: { name: { first: string } }) =>
      db
        .insertInto('workspaces')
        .values({ workspace_id: 'p-k', name: p.name as unknown as string, is_sandbox: 1, created_at: at }),
    )
    await expect(whole(store.db, { name: { first: 'K' } })).rejects.toThrow(/not a scalar/)
    expect((await namesOf(store.db, { ids: ['p-k'] })).rows).toEqual([])
  })
})

describe('powerOfTwoChunks', () => {
  it('splits any count into power-of-two chunks, largest first, in order, none over the bound', () => {
    const rows = Array.from({ length: 300 }, (_, i) => i)
    const sizes = (n: number, max?: number) => powerOfTwoChunks(rows.slice(0, n), max).map((c) => c.length)
    expect(sizes(0)).toEqual([])
    expect(sizes(1)).toEqual([1])
    expect(sizes(50)).toEqual([32, 16, 2])
    expect(sizes(130)).toEqual([128, 2])
    expect(sizes(300)).toEqual([256, 32, 8, 4])
    expect(sizes(300, 64)).toEqual([64, 64, 64, 64, 32, 8, 4])
    expect(powerOfTwoChunks(rows, 16).flat()).toEqual(rows)
  })
})
