// GET /w/<workspace>/activity/export — the activity page's events (its filters, every page) as CSV
import { exportActivity } from '@/lib/events/activity-csv'
import { workspacePage } from '@/lib/server/service-context'
import { readActivityAddress } from '@/lib/shared/activity'

export const dynamic = 'force-dynamic'

export async function GET(
  request: Request,
  { params }: { params: Promise<{ workspaceId: string }> },
): Promise<Response> {
  const { workspaceId } = await params
  // Signed in and a member, as for the pages: else off to sign in, or not found.
  const { ctx } = await workspacePage(workspaceId)
  const query = new URL(request.url).searchParams
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
