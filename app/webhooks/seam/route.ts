// POST /webhooks/seam — Seam's webhooks (Svix-signed): verified, replays refused, the affected lock refreshed at once
// (each address within its budget: lib/seam/webhook-rate-limit.ts)
import { configuredSecretKey } from '@/lib/seam/secret-key'
import { handleSeamWebhook } from '@/lib/server/seam-webhook'
import { processWebhookRateLimiter } from '@/lib/seam/webhook-rate-limit'
import { receiveSeamWebhook } from '@/lib/seam/webhooks'
import { getAppContext } from '@/lib/server/app-context'

export const dynamic = 'force-dynamic'

export async function POST(request: Request): Promise<Response> {
  const app = await getAppContext()
  return handleSeamWebhook(
    request,
    (delivery) => receiveSeamWebhook({ db: app.db, clock: app.clock, secretKey: configuredSecretKey }, delivery),
    processWebhookRateLimiter(),
  )
}
