'use client'

import type { ReactNode } from 'react'
import { PinCell } from '@/components/access-codes/pin-cell'
import { StayHealthBadge } from '@/components/stays/stay-health-badge'
import { doorCount, statusLabels } from '@/lib/client/stays-model'
import type { Stay } from '@/lib/schemas/stay'
import { formatWithZone, zoneLabel } from '@/lib/time/zoned'

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase">{term}</dt>
      <dd className="mt-1 text-sm break-words text-slate-900">{children}</dd>
    </div>
  )
}

/** The stay at a glance: who, which reservation, when (in the property's zone), the PIN, and one line of health. */
export function StayHeader({ stay, actions, now }: { stay: Stay; actions?: ReactNode; now: string }) {
  const zone = stay.property_timezone
  const year = new Date(now).getUTCFullYear()
  const when = (iso: string): string =>
    formatWithZone(iso, zone, new Date(iso).getUTCFullYear() === year ? {} : { year: 'numeric' })
  return (
    <header className="rounded-lg border border-slate-200 bg-white shadow-sm">
      <div className="flex flex-wrap items-start justify-between gap-4 px-4 py-4 sm:px-5">
        <div className="min-w-0">
          <h1 className="text-2xl font-semibold tracking-tight break-words text-slate-900">{stay.guest_name}</h1>
          <p className="mt-1 text-sm text-slate-600">
            Reservation <span className="font-mono text-slate-800">{stay.reservation_key}</span> · {stay.property_name}{' '}
            · {statusLabels[stay.status]}
          </p>
        </div>
        {actions !== undefined && <div className="flex shrink-0 gap-2">{actions}</div>}
      </div>
      <dl className="grid grid-cols-2 gap-x-6 gap-y-4 border-t border-slate-200 px-4 py-4 sm:px-5 lg:grid-cols-4">
        <Fact term="Check-in">
          <time dateTime={stay.check_in}>{when(stay.check_in)}</time>
        </Fact>
        <Fact term="Check-out">
          <time dateTime={stay.check_out}>{when(stay.check_out)}</time>
        </Fact>
        <Fact term="PIN">
          {stay.code === null ? (
            <span className="text-slate-600">Each door’s lock chooses its own</span>
          ) : (
            <PinCell pin={stay.code} codeName={stay.guest_name} owner={{ stay_id: stay.stay_id }} />
          )}
        </Fact>
        <Fact term="Doors">{doorCount(stay.device_ids.length)}</Fact>
      </dl>
      <p className="border-t border-slate-200 px-4 py-2 text-xs text-slate-600 sm:px-5">
        Times are the property’s local time, {zoneLabel(zone, new Date(stay.check_in))}, wherever you are.
      </p>
      <div
        role="status"
        aria-live="polite"
        className="flex flex-wrap items-center gap-x-3 gap-y-1 border-t border-slate-200 px-4 py-3 sm:px-5"
      >
        <StayHealthBadge health={stay.health} />
        <span className="text-sm text-slate-700">{stay.health_summary}</span>
      </div>
    </header>
  )
}
