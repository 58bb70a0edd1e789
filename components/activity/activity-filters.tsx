'use client'

import { usePathname, useRouter } from 'next/navigation'
import { useId, useState, useTransition, type FormEvent } from 'react'
import { Button } from '@/components/ui/button'
import { Field, SelectInput, TextInput } from '@/components/ui/field'
import { Spinner } from '@/components/ui/spinner'
import { activityQueryString, isFiltered, type ActivityCodeChoice, type ActivityFilter } from '@/lib/shared/activity'
import { eventCategories, eventTypeLabels } from '@/lib/shared/event-in-words'

export interface ActivityChoices {
  properties: { propertyId: string; name: string }[]
  locks: { deviceId: string; name: string; propertyId: string }[]
  /** The chosen lock's codes (none without a lock). */
  codes: ActivityCodeChoice[]
}

const ANY = ''

/**
 * Property, lock, code, what happened, and a time range (in `timezoneLabel`). The choices apply at once; the times
 * apply with the button (or Enter), so that typing a date does not reload the list at every digit.
 */
export function ActivityFilters({
  filter,
  choices,
  timezoneLabel,
  timezoneHint,
}: {
  filter: ActivityFilter
  choices: ActivityChoices
  timezoneLabel: string
  timezoneHint: string | null
}) {
  const router = useRouter()
  const pathname = usePathname()
  const [pending, startTransition] = useTransition()
  const ids = {
    property: useId(),
    lock: useId(),
    code: useId(),
    type: useId(),
    from: useId(),
    to: useId(),
  }
  // What the person has chosen, ahead of the page that shows it: choices made in quick succession add up, rather
  // than each starting again from the page on screen. It follows the address when that changes (a link, Back).
  const [draft, setDraft] = useState<ActivityFilter>(filter)
  const [from, setFrom] = useState(filter.from ?? '')
  const [to, setTo] = useState(filter.to ?? '')
  const address = activityQueryString(filter)
  const [shown, setShown] = useState(address)
  if (shown !== address) {
    setShown(address)
    setDraft(filter)
    setFrom(filter.from ?? '')
    setTo(filter.to ?? '')
  }

  const go = (next: ActivityFilter): void => {
    setDraft(next)
    const query = activityQueryString(next)
    startTransition(() => router.push(query === '' ? pathname : `${pathname}?${query}`, { scroll: false }))
  }
  const times = { from: from === '' ? undefined : from, to: to === '' ? undefined : to }
  const choose = (changes: ActivityFilter): void => go({ ...draft, ...times, ...changes })
  const drop = (value: string): string | undefined => (value === ANY ? undefined : value)

  const locks =
    draft.property_id === undefined
      ? choices.locks
      : choices.locks.filter((lock) => lock.propertyId === draft.property_id)
  // The codes offered are those of the lock the page shows; another lock's come with its page.
  const codes = draft.device_id !== undefined && draft.device_id === filter.device_id ? choices.codes : []

  const onSubmit = (event: FormEvent): void => {
    event.preventDefault()
    choose({})
  }

  return (
    <form
      aria-label="Filter activity"
      onSubmit={onSubmit}
      className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
    >
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        {choices.properties.length > 1 && (
          <Field id={ids.property} label="Property">
            <SelectInput
              id={ids.property}
              value={draft.property_id ?? ANY}
              onChange={(event) =>
                choose({ property_id: drop(event.target.value), device_id: undefined, access_code_id: undefined })
              }
            >
              <option value={ANY}>All properties</option>
              {choices.properties.map((property) => (
                <option key={property.propertyId} value={property.propertyId}>
                  {property.name}
                </option>
              ))}
            </SelectInput>
          </Field>
        )}
        <Field id={ids.lock} label="Lock">
          <SelectInput
            id={ids.lock}
            value={draft.device_id ?? ANY}
            onChange={(event) => choose({ device_id: drop(event.target.value), access_code_id: undefined })}
          >
            <option value={ANY}>All locks</option>
            {locks.map((lock) => (
              <option key={lock.deviceId} value={lock.deviceId}>
                {lock.name}
              </option>
            ))}
          </SelectInput>
        </Field>
        <Field
          id={ids.code}
          label="Code"
          hint={draft.device_id === undefined ? 'Choose a lock to pick one of its codes.' : undefined}
        >
          <SelectInput
            id={ids.code}
            value={draft.access_code_id ?? ANY}
            disabled={codes.length === 0}
            aria-describedby={draft.device_id === undefined ? `${ids.code}-hint` : undefined}
            onChange={(event) => choose({ access_code_id: drop(event.target.value) })}
          >
            <option value={ANY}>All codes</option>
            {codes.map((code) => (
              <option key={code.accessCodeId} value={code.accessCodeId}>
                {code.note === null ? code.name : `${code.name} (${code.note})`}
              </option>
            ))}
          </SelectInput>
        </Field>
        <Field id={ids.type} label="What happened">
          <SelectInput
            id={ids.type}
            value={draft.type ?? ANY}
            onChange={(event) => choose({ type: drop(event.target.value) })}
          >
            <option value={ANY}>Everything</option>
            <optgroup label="Kinds">
              {eventCategories.map((category) => (
                <option key={category.key} value={category.key}>
                  {category.label}
                </option>
              ))}
            </optgroup>
            <optgroup label="One kind of event">
              {Object.entries(eventTypeLabels).map(([eventType, label]) => (
                <option key={eventType} value={eventType}>
                  {label}
                </option>
              ))}
            </optgroup>
          </SelectInput>
        </Field>
      </div>
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">
          Time <span className="font-normal text-slate-600">({timezoneLabel})</span>
        </legend>
        {timezoneHint !== null && <p className="text-xs text-slate-600">{timezoneHint}</p>}
        <div className="mt-1 flex flex-wrap items-end gap-3">
          <div className="w-full sm:w-56">
            <label htmlFor={ids.from} className="block text-xs font-medium text-slate-700">
              From
            </label>
            <TextInput
              id={ids.from}
              type="datetime-local"
              className="mt-1"
              value={from}
              max={to === '' ? undefined : to}
              onChange={(event) => setFrom(event.target.value)}
            />
          </div>
          <div className="w-full sm:w-56">
            <label htmlFor={ids.to} className="block text-xs font-medium text-slate-700">
              To
            </label>
            <TextInput
              id={ids.to}
              type="datetime-local"
              className="mt-1"
              value={to}
              min={from === '' ? undefined : from}
              onChange={(event) => setTo(event.target.value)}
            />
          </div>
          <Button type="submit" variant="secondary" disabled={pending}>
            Apply times
          </Button>
          {isFiltered(draft) && (
            <Button
              variant="ghost"
              onClick={() => {
                setFrom('')
                setTo('')
                go({})
              }}
            >
              Clear filters
            </Button>
          )}
          <span role="status" className="flex h-10 items-center gap-2 text-sm text-slate-600 empty:hidden">
            {pending && (
              <>
                <Spinner /> Loading…
              </>
            )}
          </span>
        </div>
      </fieldset>
    </form>
  )
}
