'use client'

import { zodResolver } from '@hookform/resolvers/zod'
import { useRouter } from 'next/navigation'
import { useMemo } from 'react'
import { useController, useForm, useWatch } from 'react-hook-form'
import { ChangePreview } from '@/components/stays/change-preview'
import { useStayChange } from '@/components/stays/use-stay-change'
import { Button, ButtonLink } from '@/components/ui/button'
import { Alert } from '@/components/ui/alert'
import { describedBy, Field, FieldError, SelectInput, TextField, TextInput } from '@/components/ui/field'
import { Spinner } from '@/components/ui/spinner'
import {
  applyStayErrorToForm,
  emptyStayFormValues,
  stayFormSchema,
  toCreateStayBody,
  type StayFormValues,
} from '@/lib/client/stays-form-model'
import type { StayLock } from '@/lib/client/stays-model'
import { useCreateStay } from '@/lib/client/use-create-stay'
import { useWorkspaceId } from '@/lib/client/workspace-context'
import { sentence } from '@/lib/schemas/access-code-form'
import type { CreateStayBody } from '@/lib/schemas/stay'
import { zoneAbbreviation, zonedInputToUtc } from '@/lib/time/zoned'

export interface NewStayProperty {
  propertyId: string
  name: string
  timezone: string
}

function DoorChoice({
  lock,
  checked,
  onChange,
  showProperty,
}: {
  lock: StayLock
  checked: boolean
  onChange(checked: boolean): void
  showProperty: boolean
}) {
  const detail = [showProperty ? lock.propertyName : undefined, lock.online ? undefined : 'offline']
    .filter((part) => part !== undefined)
    .join(' · ')
  return (
    <label className="flex cursor-pointer items-start gap-2.5 rounded-md px-2 py-1.5 hover:bg-slate-50">
      <input
        type="checkbox"
        className="mt-0.5 size-4 shrink-0 accent-brand-600"
        checked={checked}
        onChange={(event) => onChange(event.target.checked)}
      />
      <span className="text-sm">
        <span className="text-slate-900">{lock.name}</span>
        {detail !== '' && <span className="block text-xs text-slate-600">{detail}</span>}
      </span>
    </label>
  )
}

/**
 * A new stay: the property, its doors (and shared doors elsewhere), the guest, the reservation, the times on the
 * property's clock and an optional PIN; a preview of every door (a dry run), then the stay is created.
 */
export function NewStayForm({
  properties,
  locks,
  defaultPropertyId,
}: {
  properties: NewStayProperty[]
  locks: StayLock[]
  defaultPropertyId: string
}) {
  const workspaceId = useWorkspaceId()
  const router = useRouter()
  const timezoneOf = useMemo(() => {
    const zones = new Map(properties.map((p) => [p.propertyId, p.timezone]))
    return (propertyId: string) => zones.get(propertyId)
  }, [properties])
  const schema = useMemo(() => stayFormSchema(timezoneOf), [timezoneOf])
  const {
    register,
    handleSubmit,
    setError,
    setValue,
    getValues,
    control,
    formState: { errors },
  } = useForm<StayFormValues>({
    resolver: zodResolver(schema),
    defaultValues: emptyStayFormValues(defaultPropertyId),
    mode: 'onTouched',
  })
  const create = useCreateStay()
  const change = useStayChange<CreateStayBody>(create, {
    onError: (error) => applyStayErrorToForm(error, setError),
  })
  const doors = useController({ control, name: 'deviceIds' })
  const [propertyId, checkIn, checkOut] = useWatch({ control, name: ['propertyId', 'checkIn', 'checkOut'] })
  const zone = timezoneOf(propertyId) ?? 'UTC'
  const ownLocks = locks.filter((l) => l.propertyId === propertyId && !l.removed)
  const otherLocks = locks.filter((l) => l.propertyId !== propertyId && !l.removed)
  const chosenElsewhere = otherLocks.filter((l) => doors.field.value.includes(l.deviceId)).length

  const zoneFor = (value: string): string => {
    const instant = zonedInputToUtc(value, zone)
    return `${zone}, ${zoneAbbreviation(zone, instant === undefined ? new Date() : new Date(instant))}`
  }
  const toggle = (deviceId: string, on: boolean): void => {
    const current = doors.field.value
    doors.field.onChange(on ? [...current, deviceId] : current.filter((id) => id !== deviceId))
  }

  const onSubmit = handleSubmit((values) => change.previewChange(toCreateStayBody(values, zone, true)))
  const apply = async (): Promise<void> => {
    const answer = await change.apply()
    if (answer?.stay != null) router.push(`/w/${workspaceId}/stays/${answer.stay.stay_id}`)
  }
  const message = (text: string | undefined) => (text === undefined ? undefined : sentence(text))
  const creating = change.busy === 'apply' || (create.isSuccess && !create.data.dry_run)

  return (
    // Any edit makes a preview out of date: it goes, and "Preview" is offered again.
    <form onSubmit={onSubmit} onChange={() => change.preview !== undefined && change.reset()} noValidate>
      <div className="grid gap-5 px-4 py-5 sm:px-5">
        <Field id="propertyId" label="Property" error={message(errors.propertyId?.message)} className="sm:max-w-sm">
          <SelectInput
            id="propertyId"
            {...register('propertyId', {
              onChange: (event: { target: { value: string } }) => {
                // The doors of the property left behind go; shared doors elsewhere stay chosen.
                const left = propertyId
                if (event.target.value === left) return
                const propertyOf = (id: string) => locks.find((l) => l.deviceId === id)?.propertyId
                setValue(
                  'deviceIds',
                  getValues('deviceIds').filter((id) => propertyOf(id) !== left),
                )
              },
            })}
          >
            {properties.map((p) => (
              <option key={p.propertyId} value={p.propertyId}>
                {p.name}
              </option>
            ))}
          </SelectInput>
        </Field>

        <fieldset aria-describedby={errors.deviceIds === undefined ? 'doors-hint' : 'deviceIds-error'}>
          <legend className="text-sm font-medium text-slate-800">Doors</legend>
          <p id="doors-hint" className="text-xs text-slate-600">
            The guest gets one PIN on every door chosen: their unit and the shared doors they use.
          </p>
          {ownLocks.length === 0 ? (
            <p className="mt-2 text-sm text-slate-600">This property has no locks.</p>
          ) : (
            <div className="mt-1 grid gap-x-4 sm:grid-cols-2 lg:grid-cols-3">
              {ownLocks.map((lock) => (
                <DoorChoice
                  key={lock.deviceId}
                  lock={lock}
                  showProperty={false}
                  checked={doors.field.value.includes(lock.deviceId)}
                  onChange={(on) => toggle(lock.deviceId, on)}
                />
              ))}
            </div>
          )}
          {otherLocks.length > 0 && (
            <details className="mt-2 rounded-md border border-slate-200 px-2 py-1.5" open={chosenElsewhere > 0}>
              <summary className="cursor-pointer text-sm font-medium text-slate-800">
                Doors at other properties{chosenElsewhere > 0 ? ` (${chosenElsewhere} chosen)` : ''}
              </summary>
              <div className="mt-1 grid gap-x-4 sm:grid-cols-2 lg:grid-cols-3">
                {otherLocks.map((lock) => (
                  <DoorChoice
                    key={lock.deviceId}
                    lock={lock}
                    showProperty
                    checked={doors.field.value.includes(lock.deviceId)}
                    onChange={(on) => toggle(lock.deviceId, on)}
                  />
                ))}
              </div>
            </details>
          )}
          <FieldError id="deviceIds" error={message(errors.deviceIds?.message)} />
        </fieldset>

        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            id="guestName"
            label="Guest"
            hint="The codes on the locks are named after the guest."
            autoComplete="off"
            maxLength={200}
            error={message(errors.guestName?.message)}
            {...register('guestName')}
          />
          <TextField
            id="reservationKey"
            label="Reservation key"
            hint="The reservation’s number in your booking system; an import with the same key updates this stay."
            autoComplete="off"
            maxLength={200}
            error={message(errors.reservationKey?.message)}
            {...register('reservationKey')}
          />
        </div>

        <div className="grid gap-4 rounded-lg border border-slate-200 bg-slate-50 p-4">
          <div className="grid gap-4 sm:grid-cols-2">
            <Field id="checkIn" label={`Check-in (${zoneFor(checkIn)})`} error={message(errors.checkIn?.message)}>
              <TextInput
                id="checkIn"
                type="datetime-local"
                invalid={errors.checkIn !== undefined}
                aria-describedby={describedBy('checkIn', errors.checkIn?.message, false)}
                {...register('checkIn')}
              />
            </Field>
            <Field id="checkOut" label={`Check-out (${zoneFor(checkOut)})`} error={message(errors.checkOut?.message)}>
              <TextInput
                id="checkOut"
                type="datetime-local"
                invalid={errors.checkOut !== undefined}
                aria-describedby={describedBy('checkOut', errors.checkOut?.message, false)}
                {...register('checkOut')}
              />
            </Field>
          </div>
          <p className="text-xs text-slate-600">Times are the property’s local time ({zone}), wherever you are.</p>
        </div>

        <Field
          id="code"
          label="PIN (optional)"
          hint="Leave it empty and Latchkey picks one that every door accepts."
          error={message(errors.code?.message)}
        >
          <TextInput
            id="code"
            inputMode="numeric"
            autoComplete="off"
            spellCheck={false}
            maxLength={20}
            invalid={errors.code !== undefined}
            aria-describedby={describedBy('code', errors.code?.message, true)}
            className="max-w-xs font-mono tracking-[0.2em] tabular-nums"
            {...register('code')}
          />
        </Field>

        {errors.root?.message !== undefined && <Alert tone="danger">{errors.root.message}</Alert>}
        <ChangePreview
          change={change}
          kind="create"
          stayTimezone={zone}
          now={new Date().toISOString()}
          onApply={() => void apply()}
        />
      </div>

      {change.preview === undefined && (
        <div className="flex flex-col-reverse gap-2 border-t border-slate-200 px-4 py-4 sm:flex-row sm:justify-end sm:px-5">
          <ButtonLink href={`/w/${workspaceId}/stays`} variant="secondary">
            Cancel
          </ButtonLink>
          <Button type="submit" disabled={change.busy !== undefined || creating}>
            {(change.busy === 'preview' || creating) && <Spinner />}
            {creating ? 'Opening the stay…' : 'Preview the stay'}
          </Button>
        </div>
      )}
    </form>
  )
}
