import 'server-only'
import type { ServiceContext } from '@/lib/context'
import { selectDevices } from '@/lib/db/device-record'
import { listProblems } from '@/lib/problems/list-problems'
import {
  listProblemsInput,
  problemsFilterOf,
  type ListProblemsResponse,
  type ProblemsFilter,
} from '@/lib/schemas/problem'

export interface ProblemsPage {
  /** The filters the page shows: those of the URL that name a property, lock or kind of this workspace. */
  filter: ProblemsFilter
  /** What /problems/list answers for `filter`: seeds `problemsQueryOptions(workspaceId, filter)`. */
  problems: ListProblemsResponse
  /** For the filters: the workspace's properties and locks, by name. */
  properties: { propertyId: string; name: string }[]
  locks: { deviceId: string; name: string; propertyId: string }[]
  /** When the page was rendered. */
  renderedAt: string
}

/** The problems queue: its first page for the filters of the URL, and what the filters can choose from. */
export async function loadProblemsPage(
  ctx: ServiceContext,
  requested: { property_id?: string | undefined; device_id?: string | undefined; kind?: string | undefined },
): Promise<ProblemsPage> {
  const [properties, locks] = await Promise.all([
    ctx.db
      .selectFrom('properties')
      .select(['property_id', 'name'])
      .where('workspace_id', '=', ctx.workspaceId)
      .orderBy('name')
      .orderBy('property_id')
      .execute(),
    selectDevices(ctx.db)
      .where('devices.workspace_id', '=', ctx.workspaceId)
      .clearSelect()
      .select(['devices.device_id', 'devices.display_name', 'devices.property_id'])
      .orderBy('devices.display_name')
      .orderBy('devices.device_id')
      .execute(),
  ])
  // A filter the workspace cannot match (an old link, a typo) is left out rather than refused: the page still helps.
  const filter = problemsFilterOf(requested, {
    propertyIds: properties.map((p) => p.property_id),
    deviceIds: locks.map((l) => l.device_id),
  })
  return {
    filter,
    problems: await listProblems(ctx, listProblemsInput.parse(filter)),
    properties: properties.map((p) => ({ propertyId: p.property_id, name: p.name })),
    locks: locks.map((l) => ({ deviceId: l.device_id, name: l.display_name, propertyId: l.property_id })),
    renderedAt: ctx.clock.now().toISOString(),
  }
}
