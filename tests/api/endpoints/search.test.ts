// /access_codes/list with `search`, and without device_id across the workspace: what matches (name, PIN digits, id,
// lock name), what never does (waiting codes on digits, deleted and unmanaged codes, another workspace's codes),
// pagination, and bad input. /access_codes/unmanaged/list takes the same `search`, and with it works across the
// workspace too.
import { beforeAll, describe, expect, it } from 'vitest'
import type { AccessCode, UnmanagedAccessCode } from '@/lib/schemas/access-code'
import { MAX_SEARCH_LENGTH, MIN_ID_SEARCH_LENGTH } from '@/lib/schemas/access-code'
import { expectSeamShapes } from '@/tests/support/seam-schemas'
import { loadSearchPage } from '@/lib/dashboard/search-page'
import {
  clock,
  create,
  expectError,
  expectInvalidFields,
  expectOk,
  inHours,
  server,
  store,
  workspaceWith,
  type Workspace,
} from '@/tests/support/rules-api'

type Locks = readonly [string, string, string]
let home: Workspace<Locks>
let other: Workspace<readonly [string]>
/** Codes of `home` by name. */
const codes = new Map<string, AccessCode>()

const idOf = (name: string): string => {
  const code = codes.get(name)
  if (code === undefined) throw new Error(`no code named ${name}`)
  return code.access_code_id
}

interface Page {
  access_codes: AccessCode[]
  pagination: { has_next_page: boolean; next_page_cursor: string | null }
}

async function page(ws: Workspace<readonly string[]>, body: Record<string, unknown>): Promise<Page> {
  const reply = expectOk(await ws.call('/access_codes/list', body))
  const result = reply as unknown as Page
  expectSeamShapes('access_code', result.access_codes)
  return result
}

/** The whole answer of /access_codes/list, as its JSON carries it. */
async function listAnswer(ws: Workspace<readonly string[]>, body: Record<string, unknown>): Promise<unknown> {
  const { ok, ...rest } = expectOk(await ws.call('/access_codes/list', body)) as unknown as Record<string, unknown>
  expect(ok).toBe(true)
  return rest
}

/** The names of the codes a search finds in `ws` (every page), sorted. */
async function found(ws: Workspace<readonly string[]>, body: Record<string, unknown>): Promise<string[]> {
  return (await page(ws, body)).access_codes.map((c) => c.name ?? '').sort()
}

beforeAll(async () => {
  home = await workspaceWith(
    { provider: 'august', label: 'Harbour front door' },
    { provider: 'yale', label: 'Garden gate' },
    // KeyNest chooses its own PINs: its codes wait with an empty one.
    { provider: 'keynest', label: 'Key box' },
  )
  other = await workspaceWith({ provider: 'august', label: 'Harbour front door' })
  const [front, garden, keyBox] = home.devices
  const stay = { starts_at: inHours(24), ends_at: inHours(72) }
  for (const [device_id, name, code] of [
    [front, 'Okafor stay', '482113'],
    [front, 'Cleaner', '5926'],
    [front, 'Berg family', '7340'],
    [front, '100% refund guest', '6618'],
    [garden, 'OKAFOR late checkout', '914821'],
    [garden, 'Ito stay', '3071'],
    [garden, 'Gardener', '2468'],
  ] as const) {
    codes.set(name, await create(home, { device_id, name, code, ...stay }))
  }
  codes.set('Key pick-up', await create(home, { device_id: keyBox, name: 'Key pick-up', ...stay }))
  const otherOkafor = await create(other, { device_id: other.devices[0], name: 'Okafor stay', code: '482113' })
  codes.set('other: Okafor stay', otherOkafor)
})

describe('search', () => {
  it('matches any part of a name, ignoring case, across the whole workspace', async () => {
    expect(await found(home, { search: 'okafor' })).toEqual(['OKAFOR late checkout', 'Okafor stay'])
    expect(await found(home, { search: 'KAFO' })).toEqual(['OKAFOR late checkout', 'Okafor stay'])
    expect(await found(home, { search: '  stay ' })).toEqual(['Ito stay', 'Okafor stay'])
    expect(await found(home, { search: 'nobody by this name' })).toEqual([])
  })

  it('matches PIN digits, also typed with spaces or dashes, and never a code still waiting for its PIN', async () => {
    expect(await found(home, { search: '4821' })).toEqual(['OKAFOR late checkout', 'Okafor stay'])
    expect(await found(home, { search: '48 21' })).toEqual(['OKAFOR late checkout', 'Okafor stay'])
    expect(await found(home, { search: '48-21' })).toEqual(['OKAFOR late checkout', 'Okafor stay'])
    expect(await found(home, { search: '5926' })).toEqual(['Cleaner'])
    const waiting = codes.get('Key pick-up')
    expect(waiting).toMatchObject({ code: null, is_waiting_for_code_assignment: true })
    for (const digit of '0123456789') {
      const names = await found(home, { search: digit })
      expect(names, `search ${digit}`).not.toContain('Key pick-up')
      // Each digit is in some PIN, so the search did look at PINs.
      expect(names.length, `search ${digit}`).toBeGreaterThan(0)
    }
    // The waiting code is found by its name, like any other.
    expect(await found(home, { search: 'pick-up' })).toEqual(['Key pick-up'])
  })

  it(`matches a code's id, whole or any part of ${MIN_ID_SEARCH_LENGTH} characters or more, ignoring case`, async () => {
    const id = idOf('Berg family')
    expect(await found(home, { search: id })).toEqual(['Berg family'])
    expect(await found(home, { search: id.toUpperCase() })).toEqual(['Berg family'])
    expect(await found(home, { search: id.slice(-MIN_ID_SEARCH_LENGTH) })).toEqual(['Berg family'])
    expect(await found(home, { search: id.slice(9, 9 + MIN_ID_SEARCH_LENGTH + 2) })).toContain('Berg family')
    // Shorter parts of ids turn up in other ids by chance: they are not matched against ids.
    expect(await found(home, { search: id.slice(-(MIN_ID_SEARCH_LENGTH - 1)) })).not.toContain('Berg family')
  })

  it("matches the lock's name: every code of the lock", async () => {
    expect(await found(home, { search: 'garden GATE' })).toEqual(['Gardener', 'Ito stay', 'OKAFOR late checkout'])
    // "Harbour" names a lock here and one in the other workspace: only this workspace's codes come back.
    expect(await found(home, { search: 'harbour' })).toEqual([
      '100% refund guest',
      'Berg family',
      'Cleaner',
      'Okafor stay',
    ])
  })

  it('takes % and _ literally', async () => {
    expect(await found(home, { search: '%' })).toEqual(['100% refund guest'])
    expect(await found(home, { search: '0%' })).toEqual(['100% refund guest'])
    expect(await found(home, { search: '_' })).toEqual([])
    expect(await found(home, { search: 'o_afor' })).toEqual([])
  })

  it('narrows to one lock with device_id, and to given codes with access_code_ids', async () => {
    const [front, garden] = home.devices
    expect(await found(home, { search: 'okafor', device_id: front })).toEqual(['Okafor stay'])
    expect(await found(home, { search: 'okafor', device_id: garden })).toEqual(['OKAFOR late checkout'])
    expect(await found(home, { search: 'garden', device_id: front })).toEqual([])
    expect(
      await found(home, { search: 'stay', access_code_ids: [idOf('Ito stay'), idOf('Cleaner'), idOf('Berg family')] }),
    ).toEqual(['Ito stay'])
  })

  it('does not find deleted or unmanaged codes (the list shows managed codes only)', async () => {
    const [front, garden] = home.devices
    const gone = await create(home, { device_id: front, name: 'Okafor cancelled', code: '304821' })
    expect(await found(home, { search: 'okafor' })).toContain('Okafor cancelled')
    expectOk(await home.call('/access_codes/delete', { access_code_id: gone.access_code_id }))
    expect(await found(home, { search: 'okafor' })).toEqual(['OKAFOR late checkout', 'Okafor stay'])

    expectOk(
      await home.call('/access_codes/simulate/create_unmanaged_access_code', {
        device_id: garden,
        code: '774821',
        name: 'Okafor neighbour',
      }),
    )
    const unmanaged = expectOk(await home.call('/access_codes/unmanaged/list', { device_id: garden })).access_codes
    expect(unmanaged?.map((c) => c.name)).toContain('Okafor neighbour')
    expect(await found(home, { search: 'okafor' })).toEqual(['OKAFOR late checkout', 'Okafor stay'])
    expect(await found(home, { search: '774821' })).toEqual([])
  })
})

describe('tenancy', () => {
  it("never matches another workspace's codes, by name, PIN, id or lock name", async () => {
    expect(await found(other, { search: 'okafor' })).toEqual(['Okafor stay'])
    expect((await page(other, { search: 'okafor' })).access_codes[0]?.access_code_id).toBe(idOf('other: Okafor stay'))
    expect(await found(other, { search: '4821' })).toEqual(['Okafor stay'])
    expect(await found(other, { search: 'harbour' })).toEqual(['Okafor stay'])
    expect(await found(other, { search: idOf('Berg family') })).toEqual([])
    expect(await found(home, { search: idOf('other: Okafor stay') })).toEqual([])
    expect(await found(other, { search: 'garden' })).toEqual([])
  })

  it("answers 404 device_not_found for another workspace's lock, search or not", async () => {
    expectError(
      await other.call('/access_codes/list', { device_id: home.devices[0], search: 'okafor' }),
      404,
      'device_not_found',
    )
    expectError(await other.call('/access_codes/list', { device_id: home.devices[0] }), 404, 'device_not_found')
  })
})

describe('across the workspace, paginated', () => {
  it('lists every code of the workspace without device_id, and only those', async () => {
    const all = await found(home, {})
    expect(all).toEqual([...codes.keys()].filter((name) => !name.startsWith('other: ')).sort())
    expect(await found(other, {})).toEqual(['Okafor stay'])
  })

  it('pages a search with limit and page_cursor: every match exactly once, in the unpaged order', async () => {
    const unpaged = (await page(home, { search: 'e' })).access_codes.map((c) => c.access_code_id)
    expect(unpaged.length).toBeGreaterThanOrEqual(5)
    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const next: Page = await page(home, {
        search: 'e',
        limit: 2,
        ...(cursor === null ? {} : { page_cursor: cursor }),
      })
      expect(next.access_codes.length).toBeLessThanOrEqual(2)
      seen.push(...next.access_codes.map((c) => c.access_code_id))
      expect(next.pagination.has_next_page).toBe(next.pagination.next_page_cursor !== null)
      cursor = next.pagination.next_page_cursor
      pages++
    } while (cursor !== null && pages < 20)
    expect(seen).toEqual(unpaged)
    expect(pages).toBe(Math.ceil(unpaged.length / 2))
  })

  it('answers GET with a query string, with an ETag that a repeat can send back for a 304', async () => {
    const url = `${server.endpoint}/access_codes/list?search=${encodeURIComponent('48 21')}`
    const headers = { authorization: `Bearer ${home.apiKey}` }
    const first = await fetch(url, { headers })
    expect(first.status).toBe(200)
    const body = (await first.json()) as Page
    expect(body.access_codes.map((c) => c.name).sort()).toEqual(['OKAFOR late checkout', 'Okafor stay'])
    const etag = first.headers.get('etag')
    expect(etag).toBeTruthy()
    const again = await fetch(url, { headers: { ...headers, 'if-none-match': etag ?? '' } })
    expect(again.status).toBe(304)
  })
})

describe('bad input', () => {
  it.each([
    ['an empty search', ''],
    ['a search of spaces', '   '],
    [`a search longer than ${MAX_SEARCH_LENGTH} characters`, 'x'.repeat(MAX_SEARCH_LENGTH + 1)],
    ['a number', 4821],
    ['a list', ['okafor', 'berg']],
    ['null', null],
    ['an object', { name: 'okafor' }],
  ])('refuses %s with 400 invalid_input on search', async (_label, search) => {
    expect(expectInvalidFields(await home.call('/access_codes/list', { search }))).toEqual(['search'])
  })

  it(`takes a search of exactly ${MAX_SEARCH_LENGTH} characters`, async () => {
    expect(await found(home, { search: 'y'.repeat(MAX_SEARCH_LENGTH) })).toEqual([])
  })

  it('refuses a repeated search parameter in a query string', async () => {
    const response = await fetch(`${server.endpoint}/access_codes/list?search=okafor&search=berg`, {
      headers: { authorization: `Bearer ${home.apiKey}` },
    })
    expect(response.status).toBe(400)
    const body = (await response.json()) as { error: { type: string; validation_errors?: Record<string, unknown> } }
    expect(body.error.type).toBe('invalid_input')
    expect(Object.keys(body.error.validation_errors ?? {})).toContain('search')
  })
})

describe('the search page loader', () => {
  const load = (typed: string) => loadSearchPage({ db: store.db, clock, workspaceId: home.workspaceId }, typed, 2)

  it('runs the search as the API does: its first page of codes, and the locks found by name', async () => {
    const page = await load('  garden ')
    expect(page.search).toBe('garden')
    expect(page.invalid).toBeNull()
    const api = await listAnswer(home, { search: 'garden', limit: 2 })
    expect(page.codes).toEqual(api)
    expect(page.codes?.pagination.has_next_page).toBe(true)
    expect(page.locks.map((l) => l.name)).toEqual(['Garden gate'])
    expect(page.lockCount).toBe(1)
    expect((await load('OKAFOR')).locks).toEqual([])
  })

  it('knows where every lock of the workspace is, for codes on any page', async () => {
    const page = await load('stay')
    expect(Object.keys(page.places).sort()).toEqual([...home.devices].sort())
    expect(page.places[home.devices[1]]).toMatchObject({
      name: 'Garden gate',
      propertyName: expect.any(String) as unknown,
      timezone: 'America/New_York',
    })
  })

  it('runs nothing for an empty search, and says why a search too long cannot run', async () => {
    expect(await load('   ')).toMatchObject({ search: '', invalid: null, codes: null, locks: [] })
    const tooLong = await load('z'.repeat(MAX_SEARCH_LENGTH + 1))
    expect(tooLong.codes).toBeNull()
    expect(tooLong.invalid).toBe(`must be at most ${MAX_SEARCH_LENGTH} characters`)
  })
})

describe('unmanaged codes', () => {
  /** Unmanaged codes of `home` by name. */
  const unmanaged = new Map<string, UnmanagedAccessCode>()
  const unmanagedId = (name: string): string => {
    const code = unmanaged.get(name)
    if (code === undefined) throw new Error(`no unmanaged code named ${name}`)
    return code.access_code_id
  }

  async function unmanagedPage(ws: Workspace<readonly string[]>, body: Record<string, unknown>): Promise<Page> {
    const reply = expectOk(await ws.call('/access_codes/unmanaged/list', body))
    const result = reply as unknown as Page
    expectSeamShapes('unmanaged_access_code', result.access_codes)
    return result
  }
  const unmanagedFound = async (ws: Workspace<readonly string[]>, body: Record<string, unknown>): Promise<string[]> =>
    (await unmanagedPage(ws, body)).access_codes.map((c) => c.name ?? '').sort()

  async function addUnmanaged(ws: Workspace<readonly string[]>, device_id: string, name: string, code: string) {
    const reply = expectOk(
      await ws.call('/access_codes/simulate/create_unmanaged_access_code', { device_id, name, code }),
    ) as unknown as { access_code: UnmanagedAccessCode }
    return reply.access_code
  }

  beforeAll(async () => {
    const [front, garden] = home.devices
    for (const [device_id, name, code] of [
      [front, 'Zeller owner', '861359'],
      [front, 'Old alarm code', '2244'],
      [garden, 'zeller gardener', '486135'],
      [garden, 'Pool service', '7913'],
    ] as const) {
      unmanaged.set(name, await addUnmanaged(home, device_id, name, code))
    }
    await addUnmanaged(other, other.devices[0], 'Zeller owner', '861359')
  })

  it('finds them across the workspace without device_id, by name, PIN digits, id or lock name', async () => {
    expect(await unmanagedFound(home, { search: 'ZELLER' })).toEqual(['Zeller owner', 'zeller gardener'])
    expect(await unmanagedFound(home, { search: '61 35' })).toEqual(['Zeller owner', 'zeller gardener'])
    expect(await unmanagedFound(home, { search: '2244' })).toEqual(['Old alarm code'])
    const id = unmanagedId('Pool service')
    expect(await unmanagedFound(home, { search: id.slice(-MIN_ID_SEARCH_LENGTH).toUpperCase() })).toEqual([
      'Pool service',
    ])
    // Every unmanaged code of the lock, and only unmanaged ones (this lock's managed codes are not in this list).
    const gate = await unmanagedFound(home, { search: 'garden gate' })
    expect(gate).toContain('Pool service')
    expect(gate).toContain('zeller gardener')
    expect(gate).not.toContain('Gardener')
  })

  it('answers as the lock’s own list does: the same unmanaged code objects', async () => {
    const [front] = home.devices
    const whole = await unmanagedPage(home, { device_id: front })
    const found = await unmanagedPage(home, { search: 'zeller owner' })
    expect(found.access_codes).toEqual(whole.access_codes.filter((c) => c.name === 'Zeller owner'))
    expect(found.access_codes[0]).toMatchObject({ is_managed: false, status: 'set', device_id: front })
  })

  it('narrows to one lock with device_id', async () => {
    const [front, garden] = home.devices
    expect(await unmanagedFound(home, { search: 'zeller', device_id: front })).toEqual(['Zeller owner'])
    expect(await unmanagedFound(home, { search: 'zeller', device_id: garden })).toEqual(['zeller gardener'])
    expect(await unmanagedFound(home, { search: 'pool', device_id: front })).toEqual([])
  })

  it('never finds managed codes there, nor unmanaged codes in /access_codes/list', async () => {
    expect(await unmanagedFound(home, { search: 'okafor stay' })).toEqual([])
    expect(await found(home, { search: 'zeller' })).toEqual([])
  })

  it("never finds another workspace's unmanaged codes, and answers 404 for another workspace's lock", async () => {
    expect(await unmanagedFound(other, { search: 'zeller' })).toEqual(['Zeller owner'])
    expect(await unmanagedFound(other, { search: unmanagedId('Zeller owner') })).toEqual([])
    expect(await unmanagedFound(other, { search: 'garden' })).toEqual([])
    expectError(
      await other.call('/access_codes/unmanaged/list', { device_id: home.devices[0], search: 'zeller' }),
      404,
      'device_not_found',
    )
  })

  it('pages a workspace-wide search with limit and page_cursor: every match exactly once', async () => {
    const unpaged = (await unmanagedPage(home, { search: 'o' })).access_codes.map((c) => c.access_code_id)
    expect(unpaged.length).toBeGreaterThanOrEqual(3)
    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const next: Page = await unmanagedPage(home, {
        search: 'o',
        limit: 1,
        ...(cursor === null ? {} : { page_cursor: cursor }),
      })
      expect(next.access_codes.length).toBeLessThanOrEqual(1)
      seen.push(...next.access_codes.map((c) => c.access_code_id))
      cursor = next.pagination.next_page_cursor
      pages++
    } while (cursor !== null && pages < 20)
    expect(seen).toEqual(unpaged)
    expect(pages).toBe(unpaged.length)
  })

  it('stops finding a code deleted from the lock, or converted to managed (then /access_codes/list finds it)', async () => {
    const [front] = home.devices
    const gone = await addUnmanaged(home, front, 'Zeller temp', '913571')
    expect(await unmanagedFound(home, { search: 'zeller' })).toContain('Zeller temp')
    expectOk(await home.call('/access_codes/unmanaged/delete', { access_code_id: gone.access_code_id }))
    expect(await unmanagedFound(home, { search: 'zeller' })).toEqual(['Zeller owner', 'zeller gardener'])

    const adopted = await addUnmanaged(home, front, 'Zeller nanny', '935713')
    expectOk(await home.call('/access_codes/unmanaged/convert_to_managed', { access_code_id: adopted.access_code_id }))
    expect(await unmanagedFound(home, { search: 'zeller' })).toEqual(['Zeller owner', 'zeller gardener'])
    expect(await found(home, { search: 'zeller' })).toEqual(['Zeller nanny'])
  })

  it('refuses a list without device_id or search, and a bad search, with 400 invalid_input naming the field', async () => {
    expect(expectInvalidFields(await home.call('/access_codes/unmanaged/list', {}))).toEqual(['device_id'])
    const noDevice = expectError(await home.call('/access_codes/unmanaged/list', { limit: 5 }), 400, 'invalid_input')
    expect(noDevice.validation_errors?.device_id?._errors).toEqual(['is required unless search is given'])
    for (const search of ['', '   ', 'x'.repeat(MAX_SEARCH_LENGTH + 1), 4821, null])
      expect(expectInvalidFields(await home.call('/access_codes/unmanaged/list', { search }))).toEqual(['search'])
    // The lock's whole list, as Seam has it, still works.
    expect((await unmanagedPage(home, { device_id: home.devices[0] })).access_codes.length).toBeGreaterThan(0)
  })

  it('answers GET with a query string', async () => {
    const url = `${server.endpoint}/access_codes/unmanaged/list?search=${encodeURIComponent('zeller')}`
    const response = await fetch(url, { headers: { authorization: `Bearer ${home.apiKey}` } })
    expect(response.status).toBe(200)
    const body = (await response.json()) as Page
    expect(body.access_codes.map((c) => c.name).sort()).toEqual(['Zeller owner', 'zeller gardener'])
  })

  it('are on the search page: its first page, as the API answers it', async () => {
    const page = await loadSearchPage({ db: store.db, clock, workspaceId: home.workspaceId }, 'zeller', 1)
    const { ok, ...api } = expectOk(
      await home.call('/access_codes/unmanaged/list', { search: 'zeller', limit: 1 }),
    ) as unknown as Record<string, unknown>
    expect(ok).toBe(true)
    expect(page.unmanagedCodes).toEqual(api)
    expect(page.unmanagedCodes?.pagination.has_next_page).toBe(true)
    expect(
      (await loadSearchPage({ db: store.db, clock, workspaceId: home.workspaceId }, '  ', 1)).unmanagedCodes,
    ).toBeNull()
  })
})
