'use client'

import Link from 'next/link'
import type { ReactNode } from 'react'
import { AccessCodeStatusBadge } from '@/components/access-codes/access-code-status-badge'
import { PinCell } from '@/components/access-codes/pin-cell'
import { StayWindow } from '@/components/stays/stay-window'
import { Badge } from '@/components/ui/badge'
import { CheckIcon } from '@/components/ui/icons'
import { cx } from '@/components/ui/cx'
import { Spinner } from '@/components/ui/spinner'
import {
  doorState,
  inOtherZone,
  stayDoors,
  type DoorState,
  type LeavingCode,
  type RemovalState,
  type StayLock,
} from '@/lib/client/stays-model'
import type { AccessCode } from '@/lib/schemas/access-code'
import type { Stay } from '@/lib/schemas/stay'
import { describeIssue } from '@/lib/shared/issue-catalogue'

function MobileLabel({ children }: { children: ReactNode }) {
  return <span className="mb-0.5 block text-xs font-medium text-slate-500 sm:hidden">{children}</span>
}

/** A door code's errors and warnings in the catalogue's words: its title, and what to do. */
function DoorIssues({ code }: { code: AccessCode }) {
  const issues = [
    ...code.errors.map((e) => ({ kind: 'error' as const, entry: describeIssue('error', e.error_code) })),
    ...code.warnings.map((w) => ({ kind: 'warning' as const, entry: describeIssue('warning', w.warning_code) })),
  ]
  if (issues.length === 0) return <span className="text-slate-500">None</span>
  return (
    <ul className="space-y-2">
      {issues.map(({ kind, entry }) => (
        <li key={`${kind}-${entry.code}`} className="flex items-start gap-2">
          <span
            aria-hidden="true"
            className={cx(
              'mt-1.5 size-2 shrink-0 rounded-full',
              kind === 'error' ? 'bg-red-600' : entry.severity === 'notice' ? 'bg-sky-600' : 'bg-amber-500',
            )}
          />
          <span className="min-w-0">
            <span className={cx('block font-medium', kind === 'error' ? 'text-red-800' : 'text-amber-900')}>
              <span className="sr-only">{kind === 'error' ? 'Error: ' : 'Warning: '}</span>
              {entry.title}
            </span>
            <span className="block text-xs text-slate-700">
              <span className="font-semibold">What to do: </span>
              {entry.whatToDo}
            </span>
          </span>
        </li>
      ))}
    </ul>
  )
}

function DoorStatus({ state, code }: { state: DoorState; code: AccessCode | undefined }) {
  switch (state) {
    case 'removing':
      return (
        <Badge tone="progress" className="whitespace-nowrap">
          <Spinner className="size-3" />
          Removing from lock…
        </Badge>
      )
    case 'gone':
      return (
        <Badge tone="neutral" className="whitespace-nowrap">
          <CheckIcon />
          Removed from lock
        </Badge>
      )
    case 'code_deleted':
      return (
        <Badge tone="neutral" className="whitespace-nowrap">
          Code deleted
        </Badge>
      )
    case 'no_code':
      return (
        <Badge tone="warning" className="whitespace-nowrap">
          No code
        </Badge>
      )
    case 'has_code':
      return code === undefined ? null : <AccessCodeStatusBadge code={code} />
  }
}

/**
 * Every door of the stay with its code, live: the lock, the code's status, its PIN, its errors and warnings in the
 * catalogue's words, and a link to the code's page. A door whose lock keeps another time zone shows its local times.
 */
export function StayDoorsTable({
  stay,
  locks,
  leaving,
  removals,
  workspaceId,
  now,
}: {
  stay: Stay
  locks: readonly StayLock[]
  /** Codes this page deleted and follows off their locks, and how far each has got. */
  leaving: readonly LeavingCode[]
  removals: ReadonlyMap<string, RemovalState>
  workspaceId: string
  now: string
}) {
  const doors = stayDoors(stay, locks, leaving)
  return (
    <div className="overflow-hidden rounded-b-lg">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Doors of the stay and their codes</caption>
        <thead className="hidden border-b border-slate-200 bg-slate-50 text-xs font-semibold text-slate-600 sm:table-header-group">
          <tr>
            <th scope="col" className="py-2.5 pr-3 pl-5">
              Door
            </th>
            <th scope="col" className="px-3 py-2.5">
              Code status
            </th>
            <th scope="col" className="px-3 py-2.5">
              PIN
            </th>
            <th scope="col" className="px-3 py-2.5 sm:pr-5">
              Errors and warnings
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200">
          {doors.map((door) => {
            const code = door.code
            // A code being taken off its lock has been deleted: its page is gone.
            const codeHref =
              code !== undefined && code.status !== 'removing'
                ? `/w/${workspaceId}/access-codes/${code.access_code_id}`
                : undefined
            const otherProperty = door.lock !== undefined && door.lock.propertyId !== stay.property_id
            return (
              <tr
                key={`${door.deviceId}-${code?.access_code_id ?? 'none'}`}
                className="grid grid-cols-[minmax(0,1fr)_auto] items-start gap-x-3 gap-y-2 px-4 py-3 sm:table-row sm:p-0 sm:align-top"
              >
                <th scope="row" className="min-w-0 text-left font-normal sm:py-3 sm:pr-3 sm:pl-5">
                  {door.lock === undefined ? (
                    <span className="text-slate-700">{door.name}</span>
                  ) : (
                    <Link
                      href={`/w/${workspaceId}/devices/${door.deviceId}`}
                      className="font-medium break-words text-brand-700 hover:underline"
                    >
                      {door.name}
                    </Link>
                  )}
                  {door.leftStay === true && (
                    <span className="block text-xs text-slate-600">Taken away from the stay</span>
                  )}
                  {door.lock !== undefined && (otherProperty || !door.lock.online) && (
                    <span className="block text-xs text-slate-600">
                      {otherProperty && door.lock.propertyName}
                      {otherProperty && !door.lock.online && ' · '}
                      {!door.lock.online && <span className="font-medium text-amber-800">Lock offline</span>}
                    </span>
                  )}
                  {code?.starts_at != null &&
                    code.ends_at != null &&
                    inOtherZone(door.lock?.timezone, stay.property_timezone) &&
                    door.lock !== undefined && (
                      <span className="mt-0.5 block text-xs text-slate-600">
                        <span className="block">At the lock ({door.lock.timezone}):</span>
                        <StayWindow
                          checkIn={code.starts_at}
                          checkOut={code.ends_at}
                          timezone={door.lock.timezone}
                          now={now}
                        />
                      </span>
                    )}
                  {codeHref !== undefined && (
                    <Link href={codeHref} className="mt-1 block w-fit text-xs text-brand-700 hover:underline">
                      Code page<span className="sr-only"> for {door.name}</span>
                    </Link>
                  )}
                </th>
                <td className="justify-self-end sm:px-3 sm:py-3">
                  <DoorStatus state={doorState(door, stay, removals)} code={code} />
                </td>
                <td className="col-span-2 sm:px-3 sm:py-2">
                  <MobileLabel>PIN</MobileLabel>
                  {code === undefined ? (
                    <span className="text-slate-500">—</span>
                  ) : (
                    <PinCell
                      pin={code.code}
                      codeName={`${stay.guest_name} on ${door.name}`}
                      owner={{ access_code_id: code.access_code_id }}
                    />
                  )}
                </td>
                <td
                  className={cx(
                    'col-span-2 sm:table-cell sm:px-3 sm:py-3 sm:pr-5',
                    // On a phone a door without any says nothing rather than "None".
                    (code === undefined || code.errors.length + code.warnings.length === 0) && 'hidden',
                  )}
                >
                  <MobileLabel>Errors and warnings</MobileLabel>
                  {code === undefined ? <span className="text-slate-500">—</span> : <DoorIssues code={code} />}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
