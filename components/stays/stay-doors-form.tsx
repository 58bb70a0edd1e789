'use client'

import { useState, type FormEvent } from 'react'
import { ChangePreview } from '@/components/stays/change-preview'
import { useStayChange } from '@/components/stays/use-stay-change'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Spinner } from '@/components/ui/spinner'
import { doorsAfter, stayDoors, type StayLock } from '@/lib/client/stays-model'
import { useUpdateStay } from '@/lib/client/use-update-stay'
import { MAX_STAY_DOORS, type Stay, type StayWriteResponse, type UpdateStayBody } from '@/lib/schemas/stay'

function DoorCheckbox({
  label,
  detail,
  checked,
  onChange,
}: {
  label: string
  detail?: string
  checked: boolean
  onChange(checked: boolean): void
}) {
  return (
    <label className="flex cursor-pointer items-start gap-2.5 rounded-md px-2 py-1.5 hover:bg-slate-50">
      <input
        type="checkbox"
        className="mt-0.5 size-4 shrink-0 accent-brand-600"
        checked={checked}
        onChange={(event) => onChange(event.target.checked)}
      />
      <span className="text-sm">
        <span className="text-slate-900">{label}</span>
        {detail !== undefined && <span className="block text-xs text-slate-600">{detail}</span>}
      </span>
    </label>
  )
}

/** Doors to take away (their code is removed) and doors to add (they get the stay's PIN and times), previewed first. */
export function StayDoorsForm({
  stay,
  locks,
  now,
  onApplied,
}: {
  stay: Stay
  locks: readonly StayLock[]
  now: string
  onApplied(answer: StayWriteResponse): void
}) {
  const [removed, setRemoved] = useState<ReadonlySet<string>>(new Set())
  const [added, setAdded] = useState<readonly string[]>([])
  const [error, setError] = useState<string | undefined>()
  const change = useStayChange<UpdateStayBody>(useUpdateStay())
  const current = stayDoors({ device_ids: stay.device_ids, access_codes: [] }, locks)
  const candidates = locks.filter((l) => !l.removed && !stay.device_ids.includes(l.deviceId))
  const sameProperty = candidates.filter((l) => l.propertyId === stay.property_id)
  const elsewhere = candidates.filter((l) => l.propertyId !== stay.property_id)

  const edited = (): void => {
    setError(undefined)
    if (change.preview !== undefined) change.reset()
  }
  const toggleRemoved = (deviceId: string, keep: boolean): void => {
    const next = new Set(removed)
    if (keep) next.delete(deviceId)
    else next.add(deviceId)
    setRemoved(next)
    edited()
  }
  const toggleAdded = (deviceId: string, add: boolean): void => {
    setAdded(add ? [...added, deviceId] : added.filter((id) => id !== deviceId))
    edited()
  }

  const onSubmit = (event: FormEvent): void => {
    event.preventDefault()
    const next = doorsAfter(stay.device_ids, removed, added)
    if (removed.size === 0 && added.length === 0) return setError('Tick a door to add, or untick one to remove.')
    if (next.length === 0)
      return setError('A stay needs at least one door. To take the PIN off every door, cancel the stay.')
    if (next.length > MAX_STAY_DOORS) return setError(`A stay has at most ${MAX_STAY_DOORS} doors.`)
    void change.previewChange({ stay_id: stay.stay_id, device_ids: next })
  }

  const apply = async (): Promise<void> => {
    const answer = await change.apply()
    if (answer === undefined) return
    setRemoved(new Set())
    setAdded([])
    onApplied(answer)
  }

  const lockDetail = (lock: StayLock): string | undefined =>
    [lock.propertyId === stay.property_id ? undefined : lock.propertyName, lock.online ? undefined : 'offline']
      .filter((part) => part !== undefined)
      .join(' · ') || undefined

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <div className="grid gap-4 md:grid-cols-2">
        <fieldset>
          <legend className="text-sm font-medium text-slate-800">The stay’s doors</legend>
          <p className="text-xs text-slate-600">Untick a door to take the guest’s PIN off it.</p>
          <div className="mt-1">
            {current.map((door) => (
              <DoorCheckbox
                key={door.deviceId}
                label={door.name}
                detail={door.lock === undefined ? undefined : lockDetail(door.lock)}
                checked={!removed.has(door.deviceId)}
                onChange={(keep) => toggleRemoved(door.deviceId, keep)}
              />
            ))}
          </div>
        </fieldset>
        <fieldset>
          <legend className="text-sm font-medium text-slate-800">Add doors</legend>
          <p className="text-xs text-slate-600">They get the stay’s PIN for the stay’s times.</p>
          {candidates.length === 0 ? (
            <p className="mt-2 text-sm text-slate-600">Every lock of the workspace is already one of its doors.</p>
          ) : (
            <div className="mt-1 max-h-72 overflow-y-auto">
              {[...sameProperty, ...elsewhere].map((lock) => (
                <DoorCheckbox
                  key={lock.deviceId}
                  label={lock.name}
                  detail={lockDetail(lock)}
                  checked={added.includes(lock.deviceId)}
                  onChange={(add) => toggleAdded(lock.deviceId, add)}
                />
              ))}
            </div>
          )}
        </fieldset>
      </div>
      {error !== undefined && (
        <Alert tone="info" className="max-w-2xl">
          {error}
        </Alert>
      )}
      {change.preview === undefined && (
        <Button type="submit" disabled={change.busy !== undefined}>
          {change.busy === 'preview' && <Spinner />}
          Preview the doors
        </Button>
      )}
      <ChangePreview
        change={change}
        kind="doors"
        stayTimezone={stay.property_timezone}
        now={now}
        onApply={() => void apply()}
      />
    </form>
  )
}
