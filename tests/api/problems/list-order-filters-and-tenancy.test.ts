// /problems/list as a list: its order (severity, then check-in, then newest), its filters (property, lock, kind),
// its pages and counts, its ETag, another workspace's problems, and bad input.
import { describe, expect, it } from 'vitest'
import { addSandboxDevice } from '@/lib/devices/add-sandbox-device'
import { profileFor } from '@/lib/locks/sandbox-profiles'
import { createProperty, createWorkspace } from '@/lib/workspaces/create-workspace'
import {
  DAY,
  MINUTE,
  advance,
  at,
  clock,
  createCode,
  deviceOf,
  http,
  seam,
  server,
  settle,
  store,
  workspace,
} from '@/tests/support/simulation-api'
import { HttpClient } from '@/tests/support/http-client'
import { line, listProblems, lockNameOf, queue, reportBattery } from '@/tests/api/problems/problems-api'

/** Two offline locks with arrivals, a low battery and a kept change on the keypad: problems of every severity. */
async function busyWorkspace(): Promise<{ lockly: string; smartthings: string; kwikset: string }> {
  const lockly = deviceOf('lockly')
  const smartthings = deviceOf('smartthings')
  const kwikset = deviceOf('kwikset')
  await createCode({ device_id: lockly, name: 'Day two', code: '615243', starts_at: at(2 * DAY), ends_at: at(3 * DAY) })
  await createCode({ device_id: smartthings, name: 'Day one', code: '4821', starts_at: at(DAY), ends_at: at(2 * DAY) })
  const kept = await createCode({
    device_id: kwikset,
    name: 'Owner',
    code: '7391',
    is_external_modification_allowed: true,
  })
  await settle()
  await seam.devices.simulate.disconnect({ device_id: lockly })
  await advance(MINUTE)
  await seam.devices.simulate.disconnect({ device_id: smartthings })
  await http.ok('/access_codes/simulate/modify_on_keypad', {
    access_code_id: kept.access_code.access_code_id,
    code: '7392',
  })
  await advance(MINUTE)
  await reportBattery(kwikset, 0.2)
  return { lockly, smartthings, kwikset }
}

describe('the order of the queue', () => {
  it('is by severity, then check-in (soonest first), then newest first', async () => {
    const { lockly, smartthings, kwikset } = await busyWorkspace()
    const [locklyName, smartthingsName, kwiksetName] = await Promise.all([
      lockNameOf(lockly),
      lockNameOf(smartthings),
      lockNameOf(kwikset),
    ])
    expect(await queue()).toEqual([
      // Critical: arrivals by check-in, then the offline locks, the one that went offline last first.
      'arrival_at_risk Day one device_offline',
      'arrival_at_risk Day two device_offline',
      `device_offline ${smartthingsName} device_offline`,
      `device_offline ${locklyName} device_offline`,
      // Problems: the kept change is newer than the battery reading, which has no time at all.
      'code_warning Owner code_modified_external_to_seam',
      `low_battery ${kwiksetName}`,
    ])
    const { counts } = await listProblems()
    expect(counts).toEqual({ total: 6, critical: 4, problem: 2, notice: 0 })
  })
})

describe('the filters', () => {
  it('narrow the queue to a lock, a property, or a kind, and the counts with it', async () => {
    const { lockly, smartthings } = await busyWorkspace()
    expect(await queue({ device_id: lockly })).toEqual([
      'arrival_at_risk Day two device_offline',
      `device_offline ${await lockNameOf(lockly)} device_offline`,
    ])
    expect((await listProblems({ device_id: lockly })).counts).toEqual({ total: 2, critical: 2, problem: 0, notice: 0 })
    expect(await queue({ kind: 'device_offline' })).toEqual([
      `device_offline ${await lockNameOf(smartthings)} device_offline`,
      `device_offline ${await lockNameOf(lockly)} device_offline`,
    ])
    expect(await queue({ kind: 'device_offline', device_id: smartthings })).toHaveLength(1)
    expect(await queue({ kind: 'stuck_removing' })).toEqual([])

    // A second property with one offline lock of its own.
    const profile = profileFor('lockly')
    if (profile === undefined) throw new Error('no lockly profile')
    const annexId = await createProperty(store.db, clock, workspace.workspace_id, 'Annex', 'Europe/Lisbon')
    const annexLock = await addSandboxDevice(store.db, clock, {
      workspaceId: workspace.workspace_id,
      propertyId: annexId,
      profile,
      displayName: 'Annex door',
    })
    await seam.devices.simulate.disconnect({ device_id: annexLock })
    const annex = await listProblems({ property_id: annexId })
    expect(annex.problems.map(line)).toEqual(['device_offline Annex door device_offline'])
    expect(annex.problems[0]).toMatchObject({
      property_id: annexId,
      property_name: 'Annex',
      property_timezone: 'Europe/Lisbon',
    })
    expect(await queue({ property_id: workspace.property_id })).not.toContain(
      'device_offline Annex door device_offline',
    )
    expect((await listProblems({ property_id: workspace.property_id })).counts.total).toBe(6)
    // A lock of the workspace that is not in the property: the filters match nothing.
    expect(await queue({ property_id: annexId, device_id: lockly })).toEqual([])
  })

  it('read the same from a query string (GET)', async () => {
    const { lockly } = await busyWorkspace()
    const response = await fetch(`${server.endpoint}/problems/list?device_id=${lockly}&kind=arrival_at_risk&limit=5`, {
      headers: { authorization: `Bearer ${workspace.api_key}` },
    })
    expect(response.status).toBe(200)
    const body = (await response.json()) as { problems: { access_code_name: string }[] }
    expect(body.problems.map((p) => p.access_code_name)).toEqual(['Day two'])
  })
})

describe('pages', () => {
  it('follow on from each other with the cursor, every problem once, in the queue’s order', async () => {
    await busyWorkspace()
    const whole = await queue()
    const seen: string[] = []
    let cursor: string | undefined
    let pages = 0
    for (;;) {
      const page = await listProblems({ limit: 4, ...(cursor === undefined ? {} : { page_cursor: cursor }) })
      expect(page.problems.length).toBeLessThanOrEqual(4)
      expect(page.counts.total).toBe(whole.length)
      seen.push(...page.problems.map(line))
      pages++
      if (!page.pagination.has_next_page) {
        expect(page.pagination.next_page_cursor).toBeNull()
        break
      }
      cursor = page.pagination.next_page_cursor ?? undefined
      expect(cursor).toBeTypeOf('string')
    }
    expect(pages).toBe(2)
    expect(seen).toEqual(whole)
  })

  it('go on after the last problem shown, even when the queue changed in between', async () => {
    const { lockly } = await busyWorkspace()
    const first = await listProblems({ limit: 2 })
    expect(first.problems.map(line)).toEqual([
      'arrival_at_risk Day one device_offline',
      'arrival_at_risk Day two device_offline',
    ])
    await seam.devices.simulate.connect({ device_id: lockly })
    await settle()
    const next = await listProblems({ limit: 2, page_cursor: first.pagination.next_page_cursor })
    expect(next.problems.map((p) => p.kind)).toEqual(['device_offline', 'code_warning'])
  })
})

describe('conditional requests', () => {
  it('answer 304 to the ETag while the queue is the same, and 200 once it changes', async () => {
    const { lockly } = await busyWorkspace()
    const list = (etag?: string): Promise<Response> =>
      fetch(`${server.endpoint}/problems/list`, {
        headers: {
          authorization: `Bearer ${workspace.api_key}`,
          ...(etag === undefined ? {} : { 'if-none-match': etag }),
        },
      })
    const etag = (await list()).headers.get('etag') ?? ''
    expect(etag).not.toBe('')
    expect((await list(etag)).status).toBe(304)
    await seam.devices.simulate.connect({ device_id: lockly })
    await settle()
    expect((await list(etag)).status).toBe(200)
  })
})

describe('another workspace', () => {
  it('never shows its problems, and its lock or property is not found', async () => {
    await busyWorkspace()
    const mine = await queue()
    const other = await createWorkspace(store.db, clock, { name: 'Elsewhere', sandboxDevices: 2 })
    const otherHttp = new HttpClient(server.endpoint, other.api_key)
    const [otherLock] = other.device_ids
    await otherHttp.ok('/devices/simulate/disconnect', { device_id: otherLock })
    await settle()

    expect(await queue()).toEqual(mine)
    const theirs = await listProblems({}, otherHttp)
    expect(theirs.problems.map((p) => [p.kind, p.device_id])).toEqual([['device_offline', otherLock]])
    expect(theirs.problems.every((p) => p.property_id === other.property_id)).toBe(true)

    const byLock = await http.fail('/problems/list', { device_id: otherLock })
    expect([byLock.status, byLock.type]).toEqual([404, 'device_not_found'])
    const byProperty = await http.fail('/problems/list', { property_id: other.property_id })
    expect([byProperty.status, byProperty.type]).toEqual([400, 'invalid_input'])
    expect(byProperty.message).toContain('property_id')
    // And the other way round.
    const back = await otherHttp.fail('/problems/list', { device_id: deviceOf('lockly') })
    expect([back.status, back.type]).toEqual([404, 'device_not_found'])
  })
})

describe('bad input', () => {
  it('is refused with invalid_input naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ kind: 'everything' }, 'kind'],
      [{ kind: 'code_error', unexpected: true }, ''],
      [{ device_id: 'not-a-uuid' }, 'device_id'],
      [{ property_id: 42 }, 'property_id'],
      [{ limit: 0 }, 'limit'],
      [{ limit: 1_001 }, 'limit'],
      [{ limit: 'many' }, 'limit'],
      [{ page_cursor: 'not a cursor' }, 'page_cursor'],
      [{ page_cursor: Buffer.from('["only one"]').toString('base64url') }, 'page_cursor'],
    ]
    for (const [body, field] of cases) {
      const failure = await http.fail('/problems/list', body)
      expect({ body, status: failure.status, type: failure.type }).toEqual({ body, status: 400, type: 'invalid_input' })
      if (field !== '') expect(failure.message, JSON.stringify(body)).toContain(field)
    }
    const unknownDevice = await http.fail('/problems/list', { device_id: '0b9e7a35-6f4c-4d8e-9a1b-2c3d4e5f6a7b' })
    expect([unknownDevice.status, unknownDevice.type]).toEqual([404, 'device_not_found'])
  })

  it('names the kinds there are', async () => {
    const failure = await http.fail('/problems/list', { kind: 'everything' })
    expect(failure.message).toContain('arrival_at_risk')
    expect(failure.message).toContain('stuck_removing')
  })
})
