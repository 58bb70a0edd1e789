import 'server-only'
import type { ApiRequest } from '@/lib/api/api-request'
import { invalidInput } from '@/lib/errors/domain-error'

/**
 * A PIN in a request's address (`GET /access_codes/get?device_id=…&code=4821`) ends up in proxy and server logs and
 * in browser history, so a `code` in the query string is refused on every endpoint and method; the SDK sends it in a
 * JSON body (it POSTs).
 */
export function assertNoPinInAddress(request: Pick<ApiRequest, 'url'>): void {
  const params = new URL(request.url).searchParams
  if (!params.has('code') && !params.has('code[]')) return
  throw invalidInput(
    { code: ['must be sent in a JSON POST body, not in the query string'] },
    'Send code (a PIN) in a JSON POST body, not in the address: addresses are kept in logs and browser history.',
  )
}
