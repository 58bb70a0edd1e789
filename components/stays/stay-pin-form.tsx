'use client'

import { useId, useState, type FormEvent } from 'react'
import { ChangePreview } from '@/components/stays/change-preview'
import { useStayChange } from '@/components/stays/use-stay-change'
import { Button } from '@/components/ui/button'
import { describedBy, Field, TextInput } from '@/components/ui/field'
import { Spinner } from '@/components/ui/spinner'
import { useUpdateStay } from '@/lib/client/use-update-stay'
import { pinCode } from '@/lib/schemas/access-code'
import { sentence } from '@/lib/schemas/access-code-form'
import type { Stay, StayWriteResponse, UpdateStayBody } from '@/lib/schemas/stay'

/** A new PIN for every door: a preview says which locks take it, then every door gets it together. */
export function StayPinForm({
  stay,
  now,
  onApplied,
}: {
  stay: Stay
  now: string
  onApplied(answer: StayWriteResponse): void
}) {
  const id = useId()
  const [pin, setPin] = useState('')
  const [error, setError] = useState<string | undefined>()
  const change = useStayChange<UpdateStayBody>(useUpdateStay())

  const onSubmit = (event: FormEvent): void => {
    event.preventDefault()
    const typed = pin.trim()
    if (typed === '') return setError('Enter the new PIN.')
    if (typed === stay.code) return setError('This is the stay’s PIN already.')
    const parsed = pinCode.safeParse(typed)
    if (!parsed.success) return setError(parsed.error.issues.map((i) => sentence(i.message)).join(' '))
    void change.previewChange({ stay_id: stay.stay_id, code: typed })
  }

  const apply = async (): Promise<void> => {
    const answer = await change.apply()
    if (answer === undefined) return
    setPin('')
    onApplied(answer)
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <Field
        id={id}
        label="New PIN"
        hint="Every door gets it. A door whose lock chooses its own PINs gets a new one from the lock instead."
        error={error}
      >
        <TextInput
          id={id}
          inputMode="numeric"
          autoComplete="off"
          spellCheck={false}
          maxLength={20}
          value={pin}
          invalid={error !== undefined}
          aria-describedby={describedBy(id, error, true)}
          className="max-w-xs font-mono tracking-[0.2em] tabular-nums"
          onChange={(event) => {
            setPin(event.target.value)
            setError(undefined)
            if (change.preview !== undefined) change.reset()
          }}
        />
      </Field>
      {change.preview === undefined && (
        <Button type="submit" disabled={change.busy !== undefined}>
          {change.busy === 'preview' && <Spinner />}
          Preview the new PIN
        </Button>
      )}
      <ChangePreview
        change={change}
        kind="pin"
        stayTimezone={stay.property_timezone}
        now={now}
        onApply={() => void apply()}
      />
    </form>
  )
}
