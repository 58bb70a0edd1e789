'use client'

import { useQuery } from '@tanstack/react-query'
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

/** How often to ask again: the explanation follows the code as closely as the code's own page does. */
export function explanationRefetchInterval(explanation: Explanation | undefined): number | false {
  if (explanation === undefined) return false
  if (MOVING.has(explanation.situation)) return LIVE_REFETCH_MS
  if (HELD_UP.has(explanation.situation)) return STUCK_REFETCH_MS
  return IDLE_REFETCH_MS
}

/**
 * Why a code does or does not open the door right now (/access_codes/explain), seeded with what the page rendered.
 * Mutations of the code invalidate it with the rest of ['access_codes'].
 */
export function useAccessCodeExplanation(accessCodeId: string, initialData?: Explanation) {
  const workspaceId = useWorkspaceId()
  return useQuery({
    ...accessCodeExplanationQueryOptions(workspaceId, accessCodeId),
    ...(initialData === undefined ? {} : { initialData: { explanation: initialData } }),
    select: (data) => data.explanation,
    refetchInterval: (query) => explanationRefetchInterval(query.state.data?.explanation),
  })
}
