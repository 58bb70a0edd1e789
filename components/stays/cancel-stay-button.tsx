'use client'

import { useState } from 'react'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { ConfirmDialog } from '@/components/ui/confirm-dialog'
import { failureMessage } from '@/lib/client/form-errors'
import { stayDoors, type StayLock } from '@/lib/client/stays-model'
import { useCancelStay } from '@/lib/client/use-cancel-stay'
import type { Stay, StayWriteResponse } from '@/lib/schemas/stay'

/** Cancels the stay after asking: every door's PIN is removed, and the doors show it going. */
export function CancelStayButton({
  stay,
  locks,
  onApplied,
}: {
  stay: Stay
  locks: readonly StayLock[]
  onApplied(answer: StayWriteResponse): void
}) {
  const [open, setOpen] = useState(false)
  const [failure, setFailure] = useState<string | undefined>()
  const cancel = useCancelStay()
  const doors = stayDoors(stay, locks)
  return (
    <>
      <Button variant="secondary" className="text-red-700" onClick={() => setOpen(true)}>
        Cancel stay
      </Button>
      <ConfirmDialog
        open={open}
        title={`Cancel the stay of ${stay.guest_name}?`}
        confirmLabel={cancel.isPending ? 'Cancelling…' : 'Yes, cancel the stay'}
        cancelLabel="Keep the stay"
        busy={cancel.isPending}
        onCancel={() => {
          setOpen(false)
          setFailure(undefined)
        }}
        onConfirm={async () => {
          setFailure(undefined)
          try {
            const answer = await cancel.mutateAsync({ stay_id: stay.stay_id })
            setOpen(false)
            onApplied(answer)
          } catch (error) {
            setFailure(failureMessage(error))
          }
        }}
      >
        <p>
          Every door’s PIN will be removed from its lock, and the PIN stops opening{' '}
          {doors.length === 1 ? 'the door' : `all ${doors.length} doors`} once each lock has taken it off:
        </p>
        <ul className="mt-2 list-disc pl-5">
          {doors.map((door) => (
            <li key={door.deviceId}>{door.name}</li>
          ))}
        </ul>
        <p className="mt-2">
          The stay stays in the list, marked cancelled. Reservation{' '}
          <span className="font-mono">{stay.reservation_key}</span> cannot be changed afterwards.
        </p>
        {failure !== undefined && (
          <Alert tone="danger" className="mt-3">
            {failure}
          </Alert>
        )}
      </ConfirmDialog>
    </>
  )
}
