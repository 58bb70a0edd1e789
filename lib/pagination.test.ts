import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Store } from '@/lib/db/connection'
import { pageAfter } from '@/lib/pagination'
import { ManualClock } from '@/lib/time/clock'
import { createProperty, createWorkspace } from '@/lib/workspaces/create-workspace'
import { openTestStore } from '@/tests/support/test-store'

let store: Store
let workspaceId: string

beforeAll(async () => {
  store = await openTestStore()
  const clock = new ManualClock()
  workspaceId = (await createWorkspace(store.db, clock, { name: 'Paged' })).workspace_id
  // Three properties share one created_at, so the id has to break the tie across page boundaries.
  for (const name of ['a', 'b', 'c']) await createProperty(store.db, clock, workspaceId, name, 'UTC')
  clock.advance(1_000)
  for (const name of ['d', 'e']) await createProperty(store.db, clock, workspaceId, name, 'UTC')
})

afterAll(async () => {
  await store.close()
})

const properties = () => store.db.selectFrom('properties').selectAll().where('workspace_id', '=', workspaceId)

const pageOf = (limit: number, cursor: string | undefined) =>
  pageAfter(properties(), { createdAt: 'created_at', id: 'property_id' }, limit, cursor, (row) => ({
    createdAt: row.created_at,
    id: row.property_id,
  }))

describe('pageAfter', () => {
  it('walks every row once, in (created_at, id) order, and says when there is no next page', async () => {
    const all = (await properties().execute())
      .sort((x, y) => x.created_at.localeCompare(y.created_at) || x.property_id.localeCompare(y.property_id))
      .map((row) => row.property_id)
    expect(all).toHaveLength(6)
    const seen: string[] = []
    let cursor: string | undefined
    for (let page = 0; page < 10; page++) {
      const { items, pagination } = await pageOf(2, cursor)
      seen.push(...items.map((row) => row.property_id))
      if (!pagination.has_next_page) {
        expect(pagination.next_page_cursor).toBeNull()
        break
      }
      expect(items).toHaveLength(2)
      cursor = pagination.next_page_cursor ?? undefined
    }
    expect(seen).toEqual(all)
  })

  it('answers the whole list on one page when it fits', async () => {
    const { items, pagination } = await pageOf(10, undefined)
    expect(items).toHaveLength(6)
    expect(pagination).toEqual({ has_next_page: false, next_page_cursor: null, next_page_url: null })
  })

  it('refuses a cursor it did not write', async () => {
    await expect(pageOf(2, 'not-a-cursor')).rejects.toMatchObject({ type: 'invalid_input' })
  })
})
