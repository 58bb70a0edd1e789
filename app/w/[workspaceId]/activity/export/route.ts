// GET /w/<workspace>/activity/export — the activity page's events (its filters, every page) as CSV
import { exportActivity } from '@/lib/events/activity-csv'
import { workspacePage } from '@/lib/server/service-context'
import { activityAddressProblem, readActivityAddress } from '@/lib/shared/activity'

export const dynamic = 'force-dynamic'

export async function GET(
  request: Request,
  { params }: { params: Promise<{ workspaceId: string }> },
): Promise<Response> {
  const { workspaceId } = await params
  // Signed in and a member, as for the pages: else off to sign in, or not found.
  const { ctx } = await workspacePage(workspaceId)
  const query = new URL(request.url).searchParams
  // A filter too long is refused here (the page leaves it out and says so): a file must hold what was asked for.
  const problem = activityAddressProblem((key) => (key === 'page' ? null : query.get(key)))
  if (problem !== null) {
    return Response.json(
      { error: { type: 'invalid_input', message: `${problem} Nothing was exported.` }, ok: false },
      { status: 400, headers: { 'cache-control': 'no-store' } },
    )
  }
  const { page: _page, ...filter } = readActivityAddress((key) => query.get(key))
  const { fileName, csv } = await exportActivity(ctx, filter)
  return new Response(csv, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${fileName}"`,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    },
  })
}
