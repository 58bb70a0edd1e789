'use client'

import { useQuery } from '@tanstack/react-query'
import { ApiClientError } from '@/lib/client/api-client'
import { accessCodeExplanationQueryOptions } from '@/lib/client/query-options'
import { IDLE_REFETCH_MS, LIVE_REFETCH_MS, STUCK_REFETCH_MS } from '@/lib/client/use-access-codes'
import { useWorkspaceId } from '@/lib/client/workspace-context'
import type { CodeSituation, Explanation } from '@/lib/schemas/explanation'

/** Situations in which the lock side is at work on the code now: the explanation moves from second to second. */
const MOVING: ReadonlySet<CodeSituation> = new Set(['being_programmed', 'waiting_for_pin_assignment'])
/** Situations held up by the lock: they move on retries, not every second. */
const HELD_UP: ReadonlySet<CodeSituation> = new Set([
  'programming_failed',
  'lock_unreachable',
  'changed_on_keypad',
  'being_removed',
])

/**
 * Whether the explanation answered that the code is gone: deleted and off its lock (or never one of this workspace).
 * That does not change by asking again.
 */
export const isCodeGone = (error: unknown): boolean =>
  error instanceof ApiClientError && error.type === 'access_code_not_found'

/**
 * How often to ask again: the explanation follows the code as closely as the code's own page does, and stops once
 * the code is gone.
 */
export function explanationRefetchInterval(
  explanation: Pick<Explanation, 'situation'> | undefined,
  error: unknown = null,
): number | false {
  if (explanation === undefined || isCodeGone(error)) return false
  if (MOVING.has(explanation.situation)) return LIVE_REFETCH_MS
  if (HELD_UP.has(explanation.situation)) return STUCK_REFETCH_MS
  return IDLE_REFETCH_MS
}

/**
 * Why a code does or does not open the door right now (/access_codes/explain), seeded with what the page rendered.
 * Mutations of the code invalidate it with the rest of ['access_codes']. Once it answers that the code is gone
 * (`isCodeGone(error)`), it is not asked again: not on a timer, nor when the window gets the focus back.
 */
export function useAccessCodeExplanation(accessCodeId: string, initialData?: Explanation) {
  const workspaceId = useWorkspaceId()
  return useQuery({
    ...accessCodeExplanationQueryOptions(workspaceId, accessCodeId),
    ...(initialData === undefined ? {} : { initialData: { explanation: initialData } }),
    select: (data) => data.explanation,
    refetchInterval: (query) => explanationRefetchInterval(query.state.data?.explanation, query.state.error),
    refetchOnWindowFocus: (query) => !isCodeGone(query.state.error),
    refetchOnReconnect: (query) => !isCodeGone(query.state.error),
  })
}
