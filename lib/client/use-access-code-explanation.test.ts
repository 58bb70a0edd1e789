import { describe, expect, it } from 'vitest'
import { ApiClientError } from '@/lib/client/api-client'
import { explanationRefetchInterval, isCodeGone } from '@/lib/client/use-access-code-explanation'
import { IDLE_REFETCH_MS, LIVE_REFETCH_MS, STUCK_REFETCH_MS } from '@/lib/client/use-access-codes'

const gone = new ApiClientError(404, 'access_code_not_found', 'Access code x was not found.')

describe('explanationRefetchInterval', () => {
  it('follows the lock side: every second while it works, on its retries while held up, slowly otherwise', () => {
    expect(explanationRefetchInterval({ situation: 'being_programmed' })).toBe(LIVE_REFETCH_MS)
    expect(explanationRefetchInterval({ situation: 'being_removed' })).toBe(STUCK_REFETCH_MS)
    expect(explanationRefetchInterval({ situation: 'lock_unreachable' })).toBe(STUCK_REFETCH_MS)
    expect(explanationRefetchInterval({ situation: 'on_lock' })).toBe(IDLE_REFETCH_MS)
    expect(explanationRefetchInterval(undefined)).toBe(false)
  })

  it('stops once the code is gone, although the last explanation said it was being removed', () => {
    expect(explanationRefetchInterval({ situation: 'being_removed' }, gone)).toBe(false)
  })

  it('keeps asking after a failure that asking again may clear', () => {
    const failures = [
      new ApiClientError(0, 'network_error', 'Latchkey could not be reached.'),
      new ApiClientError(500, 'internal_server_error', 'Something went wrong.'),
      new ApiClientError(404, 'device_not_found', 'Device x was not found.'),
    ]
    for (const failure of failures) {
      expect(isCodeGone(failure)).toBe(false)
      expect(explanationRefetchInterval({ situation: 'being_removed' }, failure)).toBe(STUCK_REFETCH_MS)
    }
    expect(isCodeGone(gone)).toBe(true)
  })
})
