import 'server-only'
import { randomUUID } from 'node:crypto'
import { errorOf } from '@/lib/api/errors'
import { DomainError } from '@/lib/errors/domain-error'
import { clientAddress } from '@/lib/auth/sign-in-throttle'
import type { WebhookRateLimiter } from '@/lib/seam/webhook-rate-limit'
import { MAX_WEBHOOK_BYTES, type WebhookDelivery, type WebhookOutcome } from '@/lib/seam/webhooks'

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }

function answer(
  status: number,
  body: Record<string, unknown>,
  requestId: string,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { ...JSON_HEADERS, 'seam-request-id': requestId, ...headers },
  })
}

const refusal = (error: DomainError, requestId: string): Response => {
  const { status, type, message, details } = errorOf(error)
  const retryAfter = details.retry_after_seconds
  return answer(
    status,
    { error: { type, message, request_id: requestId, ...details }, ok: false },
    requestId,
    typeof retryAfter === 'number' ? { 'retry-after': String(retryAfter) } : {},
  )
}

/**
 * /webhooks/seam over HTTP: reads the Svix headers and the body (refusing one over MAX_WEBHOOK_BYTES unread), hands
 * them to `receive`, and answers in the API's envelope — 200 once acted on; 400, 401 and 409 (replay) as refused,
 * 429 past the address's budget.
 */
export async function handleSeamWebhook(
  request: Request,
  receive: (delivery: WebhookDelivery) => Promise<WebhookOutcome>,
  /** Counts the delivery against its address first (429 with Retry-After past the budget). */
  limiter?: WebhookRateLimiter,
): Promise<Response> {
  const requestId = randomUUID()
  if (limiter !== undefined) {
    try {
      await limiter.consume(clientAddress(request.headers))
    } catch (error) {
      if (error instanceof DomainError) return refusal(error, requestId)
      throw error
    }
  }
  const length = Number(request.headers.get('content-length') ?? '0')
  if (length > MAX_WEBHOOK_BYTES)
    return answer(
      413,
      {
        error: {
          type: 'payload_too_large',
          message: `A webhook body may be at most ${MAX_WEBHOOK_BYTES} bytes.`,
          request_id: requestId,
        },
        ok: false,
      },
      requestId,
    )
  const body = await request.text()
  if (Buffer.byteLength(body) > MAX_WEBHOOK_BYTES)
    return refusal(
      new DomainError('invalid_input', `A webhook body may be at most ${MAX_WEBHOOK_BYTES} bytes.`),
      requestId,
    )
  try {
    const outcome = await receive({
      id: request.headers.get('svix-id'),
      timestamp: request.headers.get('svix-timestamp'),
      signature: request.headers.get('svix-signature'),
      body,
    })
    return answer(200, { ...outcome, ok: true }, requestId)
  } catch (error) {
    if (error instanceof DomainError) return refusal(error, requestId)
    console.error(`[seam] webhook ${requestId} failed`, error)
    return answer(
      500,
      { error: { type: 'internal_server_error', message: 'Internal server error.', request_id: requestId }, ok: false },
      requestId,
    )
  }
}
