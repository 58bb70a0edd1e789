'use client'

import { zodResolver } from '@hookform/resolvers/zod'
import { useMemo, useState, useSyncExternalStore } from 'react'
import { useForm, useWatch } from 'react-hook-form'
import { useGeneratedPin } from '@/components/access-codes/use-generated-pin'
import { Alert } from '@/components/ui/alert'
import { Button, ButtonLink } from '@/components/ui/button'
import { cx } from '@/components/ui/cx'
import { describedBy, Field, FieldError, TextField, TextInput } from '@/components/ui/field'
import { Spinner } from '@/components/ui/spinner'
import { deviceForbidsChosenPin } from '@/lib/shared/code-rules'
import { describeCodeRules } from '@/lib/shared/pin-rules-in-words'
import { accessCodeFieldsByApiField, applyApiErrorToForm } from '@/lib/client/form-errors'
import {
  accessCodeFormSchema,
  nameLengthLimit,
  sentence,
  type AccessCodeFormRules,
  type AccessCodeFormValues,
} from '@/lib/schemas/access-code-form'
import { formatInZone, zoneAbbreviation, zonedInputToUtc } from '@/lib/time/zoned'

/** The lock as the form sees it: its PIN rules, and its property's time zone. */
export interface AccessCodeFormDevice extends AccessCodeFormRules {
  /** "America/Denver (MST)", for the hint under the times. */
  timezoneLabel: string
}

export interface AccessCodeFormProps {
  mode: 'create' | 'edit'
  defaultValues: AccessCodeFormValues
  device: AccessCodeFormDevice
  /** Saves; on failure it throws the API's error, which the form maps onto its fields. */
  onSubmit(values: AccessCodeFormValues): Promise<void>
  /** Kept true by the caller while it navigates away after a save. */
  isSubmitting?: boolean
  /** Asks the API for a PIN that fits the lock; left out when the lock picks its own. */
  onGenerate?: () => Promise<string>
  cancelHref: string
}

const ZONE_CLOCK_MS = 30_000
const subscribeToClock = (onChange: () => void) => {
  const timer = setInterval(onChange, ZONE_CLOCK_MS)
  return () => clearInterval(timer)
}

/** The time now at the property, to the minute; nothing on the server, so the first render matches. */
function useTimeAtProperty(timeZone: string): string | undefined {
  return useSyncExternalStore(
    subscribeToClock,
    () =>
      formatInZone(new Date().toISOString(), timeZone, {
        weekday: 'short',
        month: 'short',
        day: 'numeric',
        hour: 'numeric',
        minute: '2-digit',
      }),
    () => undefined,
  )
}

/** The zone's label for the time in the field (MST in winter, MDT in summer), or for now while it is empty. */
function zoneLabelFor(value: string, timeZone: string): string {
  const instant = zonedInputToUtc(value, timeZone)
  return `${timeZone}, ${zoneAbbreviation(timeZone, instant === undefined ? new Date() : new Date(instant))}`
}

const typeChoices = [
  {
    value: 'ongoing',
    title: 'Ongoing',
    description: 'Works every day until you delete it. For owners, cleaners and staff.',
  },
  {
    value: 'time_bound',
    title: 'Time-bound',
    description: 'Works only from check-in to check-out. For guest stays and visits.',
  },
] as const

export function AccessCodeForm({
  mode,
  defaultValues,
  device,
  onSubmit,
  isSubmitting = false,
  onGenerate,
  cancelHref,
}: AccessCodeFormProps) {
  const schema = useMemo(
    () => accessCodeFormSchema(device, mode === 'edit' ? { original: defaultValues } : {}),
    [device, mode, defaultValues],
  )
  const {
    register,
    handleSubmit,
    setError,
    setValue,
    clearErrors,
    control,
    formState: { errors, isSubmitting: submittingForm },
  } = useForm<AccessCodeFormValues>({ resolver: zodResolver(schema), defaultValues, mode: 'onTouched' })
  const [serverMessage, setServerMessage] = useState<string | undefined>()
  const [type, startsAt, endsAt] = useWatch({ control, name: ['type', 'startsAt', 'endsAt'] })
  const timeAtProperty = useTimeAtProperty(device.timezone)

  const busy = isSubmitting || submittingForm
  const lockPicksPin = deviceForbidsChosenPin(device)
  const nameLimit = nameLengthLimit(device)
  const message = (text: string | undefined) => (text === undefined ? undefined : sentence(text))

  const submit = handleSubmit(async (values) => {
    setServerMessage(undefined)
    try {
      await onSubmit(values)
    } catch (error) {
      setServerMessage(applyApiErrorToForm(error, setError, accessCodeFieldsByApiField))
    }
  })

  const pin = useGeneratedPin({
    fill: (code) => setValue('code', code, { shouldValidate: true, shouldDirty: true, shouldTouch: true }),
    // Whatever went wrong, it is about the PIN: say so next to it.
    fail: (error) => {
      const leftOver = applyApiErrorToForm(error, setError, accessCodeFieldsByApiField)
      if (leftOver !== undefined) setError('code', { type: 'server', message: leftOver })
    },
  })
  const generate = async () => {
    if (onGenerate === undefined) return
    clearErrors('code')
    await pin.generate(onGenerate)
  }
  const { generating, announcement: generatedAnnouncement } = pin

  const nameError = message(errors.name?.message)
  const codeError = message(errors.code?.message)
  const typeError = message(errors.type?.message)
  const startsError = message(errors.startsAt?.message)
  const endsError = message(errors.endsAt?.message)
  const poolError = message(errors.useBackupPool?.message)

  const nameHint =
    nameLimit === undefined
      ? 'Who it is for, e.g. “Guest – Smith” or “Cleaner”.'
      : `Who it is for, e.g. “Guest – Smith”. This lock keeps only the first ${nameLimit} characters.`
  const codeHint = lockPicksPin
    ? 'This lock picks its own PINs; it appears here once the lock has set the code.'
    : `${describeCodeRules(device)}.${mode === 'create' ? ' Leave it empty and Latchkey picks one.' : ''}`

  return (
    <form onSubmit={submit} noValidate aria-busy={busy}>
      <div className="grid gap-5 px-4 py-5 sm:px-5">
        {serverMessage !== undefined && (
          <Alert tone="danger" title={mode === 'create' ? 'The code was not created' : 'Your changes were not saved'}>
            {serverMessage}
          </Alert>
        )}

        <TextField
          id="name"
          label="Name"
          hint={nameHint}
          error={nameError}
          autoComplete="off"
          maxLength={200}
          {...register('name')}
        />

        <Field id="code" label="PIN" hint={codeHint} error={codeError}>
          <div className="flex gap-2">
            <TextInput
              id="code"
              inputMode="numeric"
              autoComplete="off"
              spellCheck={false}
              maxLength={20}
              placeholder={lockPicksPin ? 'The lock will choose the PIN' : undefined}
              readOnly={lockPicksPin}
              invalid={codeError !== undefined}
              aria-describedby={describedBy('code', codeError, true)}
              className="max-w-xs font-mono tracking-[0.2em] tabular-nums placeholder:font-sans placeholder:tracking-normal read-only:bg-slate-100 read-only:text-slate-600"
              {...register('code')}
            />
            {onGenerate !== undefined && !lockPicksPin && (
              <Button variant="secondary" onClick={() => void generate()} disabled={generating || busy}>
                {generating ? <Spinner /> : <DiceIcon />}
                Generate
              </Button>
            )}
          </div>
          <span role="status" className="sr-only">
            {generatedAnnouncement}
          </span>
        </Field>

        <fieldset aria-describedby={typeError === undefined ? undefined : 'type-error'}>
          <legend className="text-sm font-medium text-slate-800">When does it work?</legend>
          <div className="mt-2 grid gap-3 sm:grid-cols-2">
            {typeChoices.map((choice) => (
              <label
                key={choice.value}
                className={cx(
                  'flex cursor-pointer gap-3 rounded-lg border bg-white p-3 shadow-sm transition-colors hover:border-brand-600',
                  type === choice.value ? 'border-brand-600 ring-1 ring-brand-600' : 'border-slate-300',
                )}
              >
                <input
                  type="radio"
                  value={choice.value}
                  className="mt-0.5 size-4 shrink-0 accent-brand-600"
                  aria-describedby={[
                    `type-${choice.value}-description`,
                    typeError === undefined ? undefined : 'type-error',
                  ]
                    .filter(Boolean)
                    .join(' ')}
                  {...register('type')}
                />
                <span>
                  <span className="block text-sm font-medium text-slate-900">{choice.title}</span>
                  <span id={`type-${choice.value}-description`} className="mt-0.5 block text-xs text-slate-600">
                    {choice.description}
                  </span>
                </span>
              </label>
            ))}
          </div>
          <FieldError id="type" error={typeError} />
        </fieldset>

        {type === 'time_bound' && (
          <div className="grid gap-4 rounded-lg border border-slate-200 bg-slate-50 p-4">
            <div className="grid gap-4 sm:grid-cols-2">
              <Field id="startsAt" label={`Check-in (${zoneLabelFor(startsAt, device.timezone)})`} error={startsError}>
                <TextInput
                  id="startsAt"
                  type="datetime-local"
                  invalid={startsError !== undefined}
                  aria-describedby={[describedBy('startsAt', startsError, false), 'times-hint']
                    .filter(Boolean)
                    .join(' ')}
                  {...register('startsAt')}
                />
              </Field>
              <Field id="endsAt" label={`Check-out (${zoneLabelFor(endsAt, device.timezone)})`} error={endsError}>
                <TextInput
                  id="endsAt"
                  type="datetime-local"
                  invalid={endsError !== undefined}
                  aria-describedby={[describedBy('endsAt', endsError, false), 'times-hint'].filter(Boolean).join(' ')}
                  {...register('endsAt')}
                />
              </Field>
            </div>
            <p id="times-hint" className="text-xs text-slate-600">
              Times are the property’s local time, {device.timezoneLabel}, wherever you are
              {timeAtProperty === undefined ? '.' : `; it is ${timeAtProperty} there now.`}
            </p>

            {device.supportsBackupPool && (
              <div>
                <label className="flex cursor-pointer items-start gap-3">
                  <input
                    type="checkbox"
                    className="mt-0.5 size-4 shrink-0 accent-brand-600"
                    aria-describedby={poolError === undefined ? 'useBackupPool-hint' : 'useBackupPool-error'}
                    aria-invalid={poolError !== undefined || undefined}
                    {...register('useBackupPool')}
                  />
                  <span>
                    <span className="block text-sm font-medium text-slate-900">Keep a backup code ready</span>
                    <span id="useBackupPool-hint" className="mt-0.5 block text-xs text-slate-600">
                      If this code cannot be set on the lock in time, pull a spare PIN that is already on it and give
                      that to the guest.
                    </span>
                  </span>
                </label>
                <FieldError id="useBackupPool" error={poolError} />
              </div>
            )}
          </div>
        )}
      </div>

      <div className="flex flex-col-reverse gap-2 border-t border-slate-200 px-4 py-4 sm:flex-row sm:justify-end sm:px-5">
        <ButtonLink href={cancelHref} variant="secondary">
          Cancel
        </ButtonLink>
        <Button type="submit" disabled={busy}>
          {busy && <Spinner />}
          {mode === 'create' ? (busy ? 'Creating…' : 'Create access code') : busy ? 'Saving…' : 'Save changes'}
        </Button>
      </div>
    </form>
  )
}

function DiceIcon() {
  return (
    <svg viewBox="0 0 20 20" aria-hidden="true" className="size-4">
      <rect x="3" y="3" width="14" height="14" rx="3" fill="none" stroke="currentColor" strokeWidth="1.5" />
      <circle cx="7" cy="7" r="1.2" fill="currentColor" />
      <circle cx="13" cy="13" r="1.2" fill="currentColor" />
      <circle cx="10" cy="10" r="1.2" fill="currentColor" />
    </svg>
  )
}
