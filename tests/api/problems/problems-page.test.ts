// The problems page's loader seeds the browser's cache with what /problems/list answers for the same filters, and
// keeps only the filters of its address that name something of the workspace.
import { describe, expect, it } from 'vitest'
import { loadProblemsPage } from '@/lib/dashboard/problems-page'
import { createWorkspace } from '@/lib/workspaces/create-workspace'
import { DAY, at, clock, createCode, deviceOf, seam, settle, store, workspace } from '@/tests/support/simulation-api'
import { listProblems } from '@/tests/api/problems/problems-api'

const ctx = () => ({ db: store.db, clock, workspaceId: workspace.workspace_id })

describe('loadProblemsPage', () => {
  it('seeds the queue with what /problems/list answers for its filters', async () => {
    const lockly = deviceOf('lockly')
    await createCode({ device_id: lockly, name: 'Guest', code: '615243', starts_at: at(DAY), ends_at: at(2 * DAY) })
    await settle()
    await seam.devices.simulate.disconnect({ device_id: lockly })
    await settle()

    const page = await loadProblemsPage(ctx(), {})
    expect(page.filter).toEqual({})
    expect(page.problems).toEqual(await listProblems())
    expect(page.problems.problems.map((p) => p.kind)).toEqual(['arrival_at_risk', 'device_offline'])

    const narrowed = await loadProblemsPage(ctx(), { device_id: lockly, kind: 'device_offline' })
    expect(narrowed.filter).toEqual({ device_id: lockly, kind: 'device_offline' })
    expect(narrowed.problems).toEqual(await listProblems({ device_id: lockly, kind: 'device_offline' }))
    expect(narrowed.problems.problems).toHaveLength(1)
  })

  it('offers the workspace’s properties and locks, and leaves out filters that name anything else', async () => {
    const other = await createWorkspace(store.db, clock, { name: 'Elsewhere', sandboxDevices: 1 })
    const page = await loadProblemsPage(ctx(), {
      property_id: other.property_id,
      device_id: other.device_ids[0],
      kind: 'everything',
    })
    expect(page.filter).toEqual({})
    expect(page.properties).toEqual([{ propertyId: workspace.property_id, name: 'Simulations property' }])
    expect(page.locks.map((l) => l.deviceId).sort()).toEqual([...workspace.device_ids].sort())
    expect(page.locks.every((l) => l.propertyId === workspace.property_id)).toBe(true)
    expect((await loadProblemsPage(ctx(), { property_id: workspace.property_id })).filter).toEqual({
      property_id: workspace.property_id,
    })
  })
})
