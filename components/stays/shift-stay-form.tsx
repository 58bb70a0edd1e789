'use client'

import { useId, useState, type FormEvent } from 'react'
import { ChangePreview } from '@/components/stays/change-preview'
import { useStayChange } from '@/components/stays/use-stay-change'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { describedBy, Field, TextInput } from '@/components/ui/field'
import { Spinner } from '@/components/ui/spinner'
import { addToWallClock, shiftBody, shiftValuesOf, type ShiftValues } from '@/lib/client/stays-model'
import { useUpdateStay } from '@/lib/client/use-update-stay'
import type { Stay, StayWriteResponse, UpdateStayBody } from '@/lib/schemas/stay'
import { zoneAbbreviation, zonedInputToUtc } from '@/lib/time/zoned'

const HOUR = 60
const quickShifts: { label: string; field: keyof ShiftValues; minutes: number }[] = [
  { label: 'Check in 2 hours earlier', field: 'checkIn', minutes: -2 * HOUR },
  { label: 'Check out 2 hours later', field: 'checkOut', minutes: 2 * HOUR },
  { label: 'One more night', field: 'checkOut', minutes: 24 * HOUR },
]

const zoneOf = (value: string, timeZone: string): string => {
  const instant = zonedInputToUtc(value, timeZone)
  return `${timeZone}, ${zoneAbbreviation(timeZone, instant === undefined ? new Date() : new Date(instant))}`
}

/**
 * Early check-in, late checkout, an extension: new times typed on the property's clock, a preview of every door,
 * then every door moved together.
 */
export function ShiftStayForm({
  stay,
  now,
  onApplied,
}: {
  stay: Stay
  now: string
  onApplied(answer: StayWriteResponse): void
}) {
  const ids = { checkIn: useId(), checkOut: useId() }
  const [values, setValues] = useState<ShiftValues>(() => shiftValuesOf(stay))
  const [errors, setErrors] = useState<{ checkIn?: string; checkOut?: string; form?: string }>({})
  const change = useStayChange<UpdateStayBody>(useUpdateStay())
  const zone = stay.property_timezone

  const edit = (next: ShiftValues): void => {
    setValues(next)
    setErrors({})
    // A preview is of the times it was asked for: new times need a new one.
    if (change.preview !== undefined) change.reset()
  }

  const onSubmit = (event: FormEvent): void => {
    event.preventDefault()
    const result = shiftBody(stay, values)
    if (!result.ok) {
      setErrors(result.errors)
      return
    }
    void change.previewChange({ stay_id: stay.stay_id, ...result.body })
  }

  const apply = async (): Promise<void> => {
    const answer = await change.apply()
    if (answer !== undefined) onApplied(answer)
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id={ids.checkIn} label={`Check-in (${zoneOf(values.checkIn, zone)})`} error={errors.checkIn}>
          <TextInput
            id={ids.checkIn}
            type="datetime-local"
            value={values.checkIn}
            invalid={errors.checkIn !== undefined}
            aria-describedby={describedBy(ids.checkIn, errors.checkIn, false)}
            onChange={(event) => edit({ ...values, checkIn: event.target.value })}
          />
        </Field>
        <Field id={ids.checkOut} label={`Check-out (${zoneOf(values.checkOut, zone)})`} error={errors.checkOut}>
          <TextInput
            id={ids.checkOut}
            type="datetime-local"
            value={values.checkOut}
            invalid={errors.checkOut !== undefined}
            aria-describedby={describedBy(ids.checkOut, errors.checkOut, false)}
            onChange={(event) => edit({ ...values, checkOut: event.target.value })}
          />
        </Field>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <span className="text-xs font-medium text-slate-600">Quick changes:</span>
        {quickShifts.map((quick) => (
          <Button
            key={quick.label}
            size="sm"
            variant="secondary"
            onClick={() => {
              const moved = addToWallClock(values[quick.field], quick.minutes)
              if (moved !== undefined) edit({ ...values, [quick.field]: moved })
            }}
          >
            {quick.label}
          </Button>
        ))}
        <Button size="sm" variant="ghost" onClick={() => edit(shiftValuesOf(stay))}>
          Reset
        </Button>
      </div>
      {errors.form !== undefined && <Alert tone="info">{errors.form}</Alert>}
      {change.preview === undefined && (
        <Button type="submit" disabled={change.busy !== undefined}>
          {change.busy === 'preview' && <Spinner />}
          Preview the new times
        </Button>
      )}
      <ChangePreview change={change} kind="shift" stayTimezone={zone} now={now} onApply={() => void apply()} />
    </form>
  )
}
