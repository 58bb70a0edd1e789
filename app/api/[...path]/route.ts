// ALL /api/* — the Seam-compatible API; every endpoint is a row in lib/api/operations.ts
import { handleApiRequest } from '@/lib/api/handle-request'
import { getAppContext } from '@/lib/server/app-context'

export const dynamic = 'force-dynamic'

async function handle(request: Request, context: { params: Promise<{ path: string[] }> }): Promise<Response> {
  const { path } = await context.params
  return handleApiRequest(request, `/${path.join('/')}`, await getAppContext())
}

export { handle as GET, handle as POST, handle as PUT, handle as PATCH, handle as DELETE }
