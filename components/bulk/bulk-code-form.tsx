'use client'

import { zodResolver } from '@hookform/resolvers/zod'
import { useEffect, useMemo, useState } from 'react'
import { Controller, useForm, useWatch, type UseFormRegisterReturn } from 'react-hook-form'
import { LockPicker } from '@/components/bulk/lock-picker'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { cx } from '@/components/ui/cx'
import { describedBy, Field, FieldError, SelectInput, TextField, TextInput } from '@/components/ui/field'
import { Spinner } from '@/components/ui/spinner'
import { useGeneratedPin } from '@/components/access-codes/use-generated-pin'
import { applyApiErrorToForm } from '@/lib/client/form-errors'
import { sentence } from '@/lib/schemas/access-code-form'
import {
  bulkCodeFieldsByApiField,
  bulkCodeFormSchema,
  type BulkCodeFormValues,
  type BulkLock,
  type BulkProperty,
} from '@/lib/schemas/bulk-code-form'
import { zoneAbbreviation, zonedInputToUtc } from '@/lib/time/zoned'

export interface BulkCodeFormProps {
  properties: readonly BulkProperty[]
  defaultValues: BulkCodeFormValues
  /** Runs the check; on failure it throws the API's error, which the form maps onto its fields. */
  onCheck(values: BulkCodeFormValues): Promise<void>
  /** A PIN every chosen lock accepts (the check's pick). */
  onGenerate(values: BulkCodeFormValues): Promise<string>
  /** Called with the form's values whenever they may have changed (a check made before may no longer describe them). */
  onEdited(values: BulkCodeFormValues): void
  isChecking: boolean
  /** Locked while the codes are being created. */
  disabled?: boolean
}

const typeChoices = [
  { value: 'time_bound', title: 'Time-bound', description: 'Works only from check-in to check-out. For guest stays.' },
  { value: 'ongoing', title: 'Ongoing', description: 'Works every day until deleted. For cleaners and staff.' },
] as const

const behaviorChoices = [
  {
    value: 'throw',
    title: 'Stop and create nothing',
    description:
      'If any lock cannot take the PIN, no code is created on any lock. Everyone gets the same PIN, or none.',
  },
  {
    value: 'create_random_code',
    title: 'Give those locks their own PIN',
    description:
      'A lock that cannot take the PIN (its rules, or another code already has it) gets a PIN of its own; the others share it.',
  },
] as const

const names = (locks: readonly BulkLock[]): string =>
  locks.length <= 1
    ? (locks[0]?.name ?? '')
    : `${locks
        .slice(0, -1)
        .map((l) => l.name)
        .join(', ')} and ${locks[locks.length - 1]?.name ?? ''}`

/** The zone's label for the time in the field (MST in winter, MDT in summer), or for now while it is empty. */
function zoneLabelFor(value: string, timeZone: string): string {
  const instant = zonedInputToUtc(value, timeZone)
  return `${timeZone}, ${zoneAbbreviation(timeZone, instant === undefined ? new Date() : new Date(instant))}`
}

/** The bulk page's form: which locks, which code, and what to do when a lock cannot take the PIN. */
export function BulkCodeForm({
  properties,
  defaultValues,
  onCheck,
  onGenerate,
  onEdited,
  isChecking,
  disabled = false,
}: BulkCodeFormProps) {
  const schema = useMemo(() => bulkCodeFormSchema(), [])
  const {
    register,
    handleSubmit,
    setError,
    setValue,
    getValues,
    clearErrors,
    control,
    subscribe,
    formState: { errors, isSubmitting },
  } = useForm<BulkCodeFormValues>({ resolver: zodResolver(schema), defaultValues, mode: 'onTouched' })
  const [serverMessage, setServerMessage] = useState<string | undefined>()
  const [deviceIds, type, timezone, startsAt, endsAt, useBackupPool, behavior] = useWatch({
    control,
    name: ['deviceIds', 'type', 'timezone', 'startsAt', 'endsAt', 'useBackupPool', 'behavior'],
  })

  useEffect(
    () => subscribe({ formState: { values: true }, callback: () => onEdited(getValues()) }),
    [subscribe, getValues, onEdited],
  )

  const chosen = useMemo(() => {
    const ids = new Set(deviceIds)
    return properties.flatMap((p) => p.locks.filter((l) => ids.has(l.deviceId)))
  }, [properties, deviceIds])
  const zones = useMemo(() => {
    const seen = new Map<string, string[]>()
    for (const property of properties)
      if (property.locks.some((l) => deviceIds.includes(l.deviceId)))
        seen.set(property.timezone, [...(seen.get(property.timezone) ?? []), property.name])
    return [...seen].map(([zone, propertyNames]) => ({ zone, propertyNames }))
  }, [properties, deviceIds])

  // Times are typed in the zone of one of the chosen locks' properties: the first one, unless another is picked.
  useEffect(() => {
    const first = zones[0]
    if (first !== undefined && !zones.some((z) => z.zone === timezone)) setValue('timezone', first.zone)
  }, [zones, timezone, setValue])

  const busy = isChecking || isSubmitting
  const message = (text: string | undefined) => (text === undefined ? undefined : sentence(text))
  const submit = handleSubmit(async (values) => {
    setServerMessage(undefined)
    try {
      await onCheck(values)
    } catch (error) {
      setServerMessage(applyApiErrorToForm(error, setError, bulkCodeFieldsByApiField))
    }
  })

  const pin = useGeneratedPin({
    fill: (code) => setValue('code', code, { shouldValidate: true, shouldDirty: true, shouldTouch: true }),
    fail: (error) => {
      const leftOver = applyApiErrorToForm(error, setError, bulkCodeFieldsByApiField)
      if (leftOver !== undefined) setError('code', { type: 'server', message: leftOver })
    },
  })
  const generate = async () => {
    clearErrors('code')
    if (getValues('deviceIds').length === 0) {
      setError('code', { type: 'manual', message: 'Choose the locks first: the PIN has to suit every one of them.' })
      return
    }
    await pin.generate(() => onGenerate(getValues()))
  }
  const { generating, announcement: generatedAnnouncement } = pin

  const codeError = message(errors.code?.message)
  const startsError = message(errors.startsAt?.message)
  const endsError = message(errors.endsAt?.message)
  const native = chosen.filter((l) => l.supportsNativeScheduling)
  const notNative = chosen.filter((l) => !l.supportsNativeScheduling)
  const withPool = chosen.filter((l) => l.supportsBackupPool)
  const withoutPool = chosen.filter((l) => !l.supportsBackupPool)
  const count = deviceIds.length

  return (
    <form onSubmit={submit} noValidate aria-busy={busy} className="grid min-w-0 gap-6">
      {serverMessage !== undefined && (
        <Alert tone="danger" title="The locks were not checked">
          {serverMessage}
        </Alert>
      )}

      <section
        aria-labelledby="bulk-locks-heading"
        className="min-w-0 rounded-lg border border-slate-200 bg-white shadow-sm"
      >
        <div className="border-b border-slate-200 px-4 py-3 sm:px-5">
          <h2 id="bulk-locks-heading" className="text-base font-semibold text-slate-900">
            1. Locks
          </h2>
          <p className="mt-0.5 text-sm text-slate-600">
            {count === 0 ? 'Choose the doors the code opens.' : `${count} ${count === 1 ? 'lock' : 'locks'} chosen.`}
          </p>
        </div>
        <div className="px-4 py-4 sm:px-5">
          <Controller
            control={control}
            name="deviceIds"
            render={({ field }) => (
              <LockPicker
                properties={properties}
                value={field.value}
                onChange={field.onChange}
                error={message(errors.deviceIds?.message)}
                disabled={disabled}
              />
            )}
          />
        </div>
      </section>

      <section
        aria-labelledby="bulk-code-heading"
        className="min-w-0 rounded-lg border border-slate-200 bg-white shadow-sm"
      >
        <div className="border-b border-slate-200 px-4 py-3 sm:px-5">
          <h2 id="bulk-code-heading" className="text-base font-semibold text-slate-900">
            2. The code
          </h2>
        </div>
        <fieldset disabled={disabled} className="grid gap-5 px-4 py-5 sm:px-5">
          <TextField
            id="name"
            label="Name"
            hint="Who it is for, e.g. “Guest – Smith”. Some locks keep only the first few characters: the check says."
            error={message(errors.name?.message)}
            autoComplete="off"
            maxLength={200}
            {...register('name')}
          />

          <Field
            id="code"
            label="PIN"
            hint="Type one, press Generate, or leave it empty: the check then picks one that every lock accepts."
            error={codeError}
          >
            <div className="flex gap-2">
              <TextInput
                id="code"
                inputMode="numeric"
                autoComplete="off"
                spellCheck={false}
                maxLength={20}
                invalid={codeError !== undefined}
                aria-describedby={describedBy('code', codeError, true)}
                className="max-w-xs font-mono tracking-[0.2em] tabular-nums"
                {...register('code')}
              />
              <Button variant="secondary" onClick={() => void generate()} disabled={generating || busy || disabled}>
                {generating && <Spinner />}
                Generate
              </Button>
            </div>
            <span role="status" className="sr-only">
              {generatedAnnouncement}
            </span>
          </Field>
          {chosen.length > 0 && <PinRules locks={chosen} />}

          <fieldset>
            <legend className="text-sm font-medium text-slate-800">When does it work?</legend>
            <div className="mt-2 grid gap-3 sm:grid-cols-2">
              {typeChoices.map((choice) => (
                <Choice
                  key={choice.value}
                  id={`type-${choice.value}`}
                  checked={type === choice.value}
                  title={choice.title}
                  description={choice.description}
                  inputProps={{ value: choice.value, ...register('type') }}
                />
              ))}
            </div>
          </fieldset>

          {type === 'time_bound' && (
            <div className="grid gap-4 rounded-lg border border-slate-200 bg-slate-50 p-4">
              {zones.length > 1 && (
                <div className="grid gap-3">
                  <Alert tone="info" title={`These locks are in ${zones.length} time zones`}>
                    Check-in and check-out are read in the zone chosen here. The check shows each lock’s window in its
                    own property’s time.
                  </Alert>
                  <Field id="timezone" label="Times are in">
                    <SelectInput id="timezone" className="sm:max-w-md" {...register('timezone')}>
                      {zones.map(({ zone, propertyNames }) => (
                        <option key={zone} value={zone}>
                          {zone} ({zoneAbbreviation(zone)}): {propertyNames.join(', ')}
                        </option>
                      ))}
                    </SelectInput>
                  </Field>
                </div>
              )}
              <div className="grid gap-4 sm:grid-cols-2">
                <Field id="startsAt" label={`Check-in (${zoneLabelFor(startsAt, timezone)})`} error={startsError}>
                  <TextInput
                    id="startsAt"
                    type="datetime-local"
                    invalid={startsError !== undefined}
                    aria-describedby={describedBy('startsAt', startsError, false)}
                    {...register('startsAt')}
                  />
                </Field>
                <Field id="endsAt" label={`Check-out (${zoneLabelFor(endsAt, timezone)})`} error={endsError}>
                  <TextInput
                    id="endsAt"
                    type="datetime-local"
                    invalid={endsError !== undefined}
                    aria-describedby={describedBy('endsAt', endsError, false)}
                    {...register('endsAt')}
                  />
                </Field>
              </div>

              {chosen.length > 0 && (
                <div className="grid gap-3 border-t border-slate-200 pt-4">
                  {native.length > 0 ? (
                    <CheckboxChoice
                      id="preferNativeScheduling"
                      title="Let the locks keep the schedule"
                      description={
                        `${native.length === chosen.length ? `All ${chosen.length} locks` : names(native)} can hold the ` +
                        'window themselves: the code is sent ahead and the lock turns it on and off, even if it is offline then.' +
                        (notNative.length > 0
                          ? ` ${names(notNative)} cannot: Latchkey puts the code on at check-in and takes it off at check-out, so ${notNative.length === 1 ? 'it has' : 'they have'} to be online then.`
                          : '')
                      }
                      inputProps={register('preferNativeScheduling')}
                    />
                  ) : (
                    <p className="text-xs text-slate-600">
                      None of these locks can hold a schedule: Latchkey puts the code on at check-in and takes it off at
                      check-out, so they have to be online then.
                    </p>
                  )}
                  {withPool.length > 0 ? (
                    <CheckboxChoice
                      id="useBackupPool"
                      title={`Keep backup codes ready (${withPool.length} of ${chosen.length} ${chosen.length === 1 ? 'lock' : 'locks'})`}
                      description={
                        `If the code cannot be set on ${withPool.length === 1 ? withPool[0]?.name : 'one of them'} in time, pull a spare PIN that is already on the lock.` +
                        (withoutPool.length > 0
                          ? ` ${names(withoutPool)} ${withoutPool.length === 1 ? 'has' : 'have'} no backup codes.`
                          : '') +
                        (useBackupPool ? ' Turned on for each code right after it is created.' : '')
                      }
                      inputProps={register('useBackupPool')}
                    />
                  ) : (
                    <p className="text-xs text-slate-600">None of these locks keeps backup codes.</p>
                  )}
                </div>
              )}
            </div>
          )}
        </fieldset>
      </section>

      <section
        aria-labelledby="bulk-behavior-heading"
        className="min-w-0 rounded-lg border border-slate-200 bg-white shadow-sm"
      >
        <div className="border-b border-slate-200 px-4 py-3 sm:px-5">
          <h2 id="bulk-behavior-heading" className="text-base font-semibold text-slate-900">
            3. If a lock cannot take the PIN
          </h2>
        </div>
        <fieldset disabled={disabled} className="px-4 py-5 sm:px-5">
          <legend className="sr-only">If a lock cannot take the PIN</legend>
          <div className="grid gap-3 sm:grid-cols-2">
            {behaviorChoices.map((choice) => (
              <Choice
                key={choice.value}
                id={`behavior-${choice.value}`}
                checked={behavior === choice.value}
                title={choice.title}
                description={choice.description}
                inputProps={{ value: choice.value, ...register('behavior') }}
              />
            ))}
          </div>
          <FieldError id="behavior" error={message(errors.behavior?.message)} />
        </fieldset>
      </section>

      <div className="flex flex-wrap items-center justify-end gap-3">
        <p className="text-sm text-slate-600">Nothing is sent to the locks until you create the codes.</p>
        <Button type="submit" disabled={busy || disabled}>
          {busy && <Spinner />}
          {count === 0 ? 'Check the locks' : `Check ${count} ${count === 1 ? 'lock' : 'locks'}`}
        </Button>
      </div>
    </form>
  )
}

type InputProps = UseFormRegisterReturn & { value?: string }

/** A radio drawn as a card with a title and a description. */
function Choice({
  id,
  checked,
  title,
  description,
  inputProps,
}: {
  id: string
  checked: boolean
  title: string
  description: string
  inputProps: InputProps
}) {
  return (
    <label
      className={cx(
        'flex cursor-pointer gap-3 rounded-lg border bg-white p-3 shadow-sm transition-colors hover:border-brand-600',
        checked ? 'border-brand-600 ring-1 ring-brand-600' : 'border-slate-300',
      )}
    >
      <input
        type="radio"
        className="mt-0.5 size-4 shrink-0 accent-brand-600"
        aria-describedby={`${id}-description`}
        {...inputProps}
      />
      <span>
        <span className="block text-sm font-medium text-slate-900">{title}</span>
        <span id={`${id}-description`} className="mt-0.5 block text-xs text-slate-600">
          {description}
        </span>
      </span>
    </label>
  )
}

function CheckboxChoice({
  id,
  title,
  description,
  inputProps,
}: {
  id: string
  title: string
  description: string
  inputProps: InputProps
}) {
  return (
    <label className="flex cursor-pointer items-start gap-3">
      <input
        type="checkbox"
        className="mt-0.5 size-4 shrink-0 accent-brand-600"
        aria-describedby={`${id}-hint`}
        {...inputProps}
      />
      <span>
        <span className="block text-sm font-medium text-slate-900">{title}</span>
        <span id={`${id}-hint`} className="mt-0.5 block text-xs text-slate-600">
          {description}
        </span>
      </span>
    </label>
  )
}

/** Each chosen lock's PIN rules, folded away: what a typed PIN has to suit. */
function PinRules({ locks }: { locks: readonly BulkLock[] }) {
  return (
    <details className="-mt-3 text-xs text-slate-600">
      <summary className="cursor-pointer text-brand-700 hover:text-brand-800">PIN rules of the chosen locks</summary>
      <ul className="mt-1 grid gap-0.5 pl-4">
        {locks.map((lock) => (
          <li key={lock.deviceId}>
            <span className="font-medium text-slate-800">{lock.name}</span>: {lock.pinRules.replace(/\.$/, '')}
          </li>
        ))}
      </ul>
    </details>
  )
}
