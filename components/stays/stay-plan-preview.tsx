import type { ReactNode } from 'react'
import { LockProblemList } from '@/components/stays/lock-problem-list'
import { StayWindow } from '@/components/stays/stay-window'
import { Alert } from '@/components/ui/alert'
import { Badge, type BadgeTone } from '@/components/ui/badge'
import { cx } from '@/components/ui/cx'
import {
  canApply,
  doorActionLabels,
  doorProblems,
  inOtherZone,
  planErrors,
  planSentence,
  stayLevelProblems,
} from '@/lib/client/stays-model'
import type { StayDoorPlan, StayPlan } from '@/lib/schemas/stay'

const actionTones: Record<StayDoorPlan['action'], BadgeTone> = {
  create: 'info',
  update: 'progress',
  remove: 'warning',
  unchanged: 'neutral',
}

function MobileLabel({ children }: { children: ReactNode }) {
  return <span className="mb-0.5 block text-xs font-medium text-slate-500 sm:hidden">{children}</span>
}

/**
 * What a write will do (its dry run), door by door: what happens to the door's code, its PIN, its window in the
 * stay's zone (and in the lock's own when that differs), and each problem in words. Errors stop the whole write.
 */
export function StayPlanPreview({
  plan,
  stayTimezone,
  now,
  caption,
  actions,
}: {
  plan: StayPlan
  stayTimezone: string
  now: string
  caption: string
  /** The apply and back buttons. */
  actions?: ReactNode
}) {
  const errors = planErrors(plan)
  const ownProblems = stayLevelProblems(plan)
  return (
    <div className="space-y-3">
      <p role="status" className="text-sm font-medium text-slate-900">
        {errors.length > 0
          ? `This cannot be done as it is: ${errors.length === 1 ? 'one problem stops it' : `${errors.length} problems stop it`}. Nothing has been changed.`
          : planSentence(plan)}
      </p>
      {ownProblems.length > 0 && (
        <Alert tone={ownProblems.some((p) => p.severity === 'error') ? 'danger' : 'warning'}>
          <LockProblemList problems={ownProblems} />
        </Alert>
      )}
      {plan.doors.length > 0 && (
        <div className="overflow-hidden rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">{caption}</caption>
            <thead className="hidden border-b border-slate-200 bg-slate-50 text-xs font-semibold text-slate-600 sm:table-header-group">
              <tr>
                <th scope="col" className="py-2 pr-3 pl-4">
                  Door
                </th>
                <th scope="col" className="px-3 py-2">
                  What happens
                </th>
                <th scope="col" className="px-3 py-2">
                  PIN
                </th>
                <th scope="col" className="px-3 py-2">
                  Check-in → check-out
                </th>
                <th scope="col" className="px-3 py-2 pr-4">
                  Problems
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {plan.doors.map((door) => {
                const problems = doorProblems(plan, door.device_id)
                return (
                  <tr
                    key={door.device_id}
                    className="grid grid-cols-[minmax(0,1fr)_auto] gap-x-3 gap-y-1.5 px-4 py-3 sm:table-row sm:p-0 sm:align-top"
                  >
                    <th scope="row" className="min-w-0 font-medium break-words text-slate-900 sm:py-3 sm:pr-3 sm:pl-4">
                      {door.device_name}
                    </th>
                    <td className="justify-self-end sm:px-3 sm:py-3">
                      {problems.some((p) => p.severity === 'error') ? (
                        <Badge tone="danger" className="whitespace-nowrap">
                          Refused
                        </Badge>
                      ) : (
                        <Badge tone={actionTones[door.action]} className="whitespace-nowrap">
                          {doorActionLabels[door.action]}
                        </Badge>
                      )}
                    </td>
                    <td className="col-span-2 sm:px-3 sm:py-3">
                      <MobileLabel>PIN</MobileLabel>
                      {door.action === 'remove' ? (
                        <span className="text-slate-500">—</span>
                      ) : door.code === null ? (
                        <span className="text-slate-600">The lock chooses it</span>
                      ) : (
                        <span className="font-mono tracking-wider tabular-nums">{door.code}</span>
                      )}
                    </td>
                    <td className="col-span-2 text-slate-700 sm:px-3 sm:py-3">
                      <MobileLabel>Check-in → check-out</MobileLabel>
                      {door.starts_at === null || door.ends_at === null || door.action === 'remove' ? (
                        <span className="text-slate-500">—</span>
                      ) : (
                        <>
                          <StayWindow
                            checkIn={door.starts_at}
                            checkOut={door.ends_at}
                            timezone={stayTimezone}
                            now={now}
                          />
                          {inOtherZone(door.timezone, stayTimezone) && (
                            <span className="mt-0.5 block text-xs text-slate-600">
                              <span className="block">At the lock ({door.timezone}):</span>
                              <StayWindow
                                checkIn={door.starts_at}
                                checkOut={door.ends_at}
                                timezone={door.timezone}
                                now={now}
                              />
                            </span>
                          )}
                        </>
                      )}
                    </td>
                    <td
                      className={cx(
                        'col-span-2 sm:table-cell sm:px-3 sm:py-3 sm:pr-4',
                        problems.length === 0 && 'hidden',
                      )}
                    >
                      <MobileLabel>Problems</MobileLabel>
                      {problems.length === 0 ? (
                        <span className="text-slate-500">None</span>
                      ) : (
                        <LockProblemList problems={problems} />
                      )}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
      {errors.length > 0 && canApply(plan) === false && (
        <p className="text-sm text-slate-700">Fix what is marked as an error, then preview again.</p>
      )}
      {actions !== undefined && <div className="flex flex-wrap gap-2">{actions}</div>}
    </div>
  )
}
