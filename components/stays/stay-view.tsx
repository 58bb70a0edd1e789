'use client'

import { useEffect, useRef, useState } from 'react'
import { CancelStayButton } from '@/components/stays/cancel-stay-button'
import { StayChanges } from '@/components/stays/stay-changes'
import { StayDoorsTable } from '@/components/stays/stay-doors-table'
import { StayHeader } from '@/components/stays/stay-header'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Card, CardHeader } from '@/components/ui/card'
import { LoadingBlock } from '@/components/ui/spinner'
import {
  doorCount,
  isChangeable,
  leavingCodes,
  planSentence,
  type LeavingCode,
  type StayLock,
} from '@/lib/client/stays-model'
import { useStay } from '@/lib/client/use-stay'
import { useStayRemovals } from '@/lib/client/use-stay-removals'
import { useWorkspaceId } from '@/lib/client/workspace-context'
import type { StayWriteResponse } from '@/lib/schemas/stay'

/** How long the page looks every second after a change, to show each door's code moving as the locks take it. */
const WATCH_AFTER_CHANGE_MS = 20_000

/**
 * A stay's page below its breadcrumb, live: the header with its health, every door's code, and the changes that can
 * be made to it. The stay is read through TanStack Query (seeded with what the server rendered).
 */
export function StayView({ stayId, locks, renderedAt }: { stayId: string; locks: StayLock[]; renderedAt: string }) {
  const workspaceId = useWorkspaceId()
  const [watching, setWatching] = useState(false)
  const [done, setDone] = useState<string | undefined>()
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  useEffect(() => () => clearTimeout(timer.current), [])
  const query = useStay(stayId, { watching })
  // Codes a change here deleted, followed until their locks let go of them.
  const [leaving, setLeaving] = useState<LeavingCode[]>([])
  const removals = useStayRemovals(leaving)

  const applied = (answer: StayWriteResponse): void => {
    setLeaving((before) => [...before, ...leavingCodes(answer.plan)])
    setDone(
      answer.plan.action === 'cancel'
        ? 'The stay is cancelled. Each lock is taking the PIN off; the doors below follow it.'
        : `Sent to the locks: ${planSentence(answer.plan).replace(/^./, (c) => c.toLowerCase())} The doors below follow each lock as it takes the change.`,
    )
    setWatching(true)
    clearTimeout(timer.current)
    timer.current = setTimeout(() => setWatching(false), WATCH_AFTER_CHANGE_MS)
  }

  const stay = query.data
  if (stay === undefined) {
    return query.isError ? (
      <Alert tone="danger" title="The stay could not be loaded">
        <p>{query.error.message}</p>
        <Button variant="secondary" size="sm" className="mt-3" onClick={() => void query.refetch()}>
          Retry
        </Button>
      </Alert>
    ) : (
      <LoadingBlock label="Loading the stay…" />
    )
  }
  const changeable = isChangeable(stay)
  return (
    <div className="space-y-6">
      <StayHeader
        stay={stay}
        now={renderedAt}
        actions={
          // An ended stay's codes have expired already: there is nothing left to cancel.
          stay.status === 'upcoming' || stay.status === 'in_progress' ? (
            <CancelStayButton stay={stay} locks={locks} onApplied={applied} />
          ) : undefined
        }
      />
      {query.isError && (
        <Alert tone="warning" title="Could not refresh the stay">
          {query.error.message} Showing what was last read; it is tried again by itself.
        </Alert>
      )}
      {done !== undefined && (
        <Alert tone="success" title="Saved">
          {done}
        </Alert>
      )}
      <Card>
        <CardHeader
          title={`Doors (${stay.device_ids.length})`}
          description={
            stay.status === 'cancelled'
              ? 'The stay is cancelled: each door’s PIN is taken off its lock.'
              : `The guest’s code on each of the ${doorCount(stay.device_ids.length)}, as the locks report it. This list updates by itself.`
          }
        />
        <StayDoorsTable
          stay={stay}
          locks={locks}
          leaving={leaving}
          removals={removals}
          workspaceId={workspaceId}
          now={renderedAt}
        />
      </Card>
      {changeable && <StayChanges stay={stay} locks={locks} now={renderedAt} onApplied={applied} />}
    </div>
  )
}
