import type { ReactNode } from 'react'
import { Badge } from '@/components/ui/badge'
import { cx } from '@/components/ui/cx'
import type { DoorAttempt, LockHolds, NextLockWork } from '@/lib/schemas/explanation'
import { formatWithZone } from '@/lib/time/zoned'

/* The facts under the support panel's answer: what the lock holds, the next lock work, the tries at the door. */

const at = (iso: string, timezone: string): string => formatWithZone(iso, timezone)

function FactBox({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="min-w-0 rounded-md border border-slate-200 bg-slate-50/60 px-3 py-3">
      <h3 className="text-xs font-semibold tracking-wide text-slate-600 uppercase">{title}</h3>
      <div className="mt-2 text-sm text-slate-800">{children}</div>
    </div>
  )
}

function Row({ term, children, stacked = false }: { term: string; children: ReactNode; stacked?: boolean }) {
  return (
    <div className={stacked ? undefined : 'flex flex-wrap justify-between gap-x-3 gap-y-0.5'}>
      <dt className="text-slate-600">{term}</dt>
      <dd className={cx('min-w-0 font-medium break-words text-slate-900', stacked ? 'mt-0.5' : 'text-right')}>
        {children}
      </dd>
    </div>
  )
}

const differenceWords: Record<LockHolds['differences'][number], string> = {
  code: 'Another PIN',
  name: 'Another name',
  schedule: 'Another schedule',
  disabled: 'Switched off',
}

/** What the lock held for the code at its last read (or what Latchkey put there, for a lock it cannot read). */
export function LockHoldsFacts({
  holds,
  timezone,
  showPin,
}: {
  holds: LockHolds | null
  timezone: string
  showPin: boolean
}) {
  return (
    <FactBox title="On the lock">
      {holds === null ? (
        <p className="text-slate-700">The lock’s keypad does not hold this code.</p>
      ) : (
        <>
          <dl className="space-y-1">
            <Row term="Slot">{holds.slot ?? 'Not numbered'}</Row>
            <Row term="PIN">
              {showPin ? (
                <span className="font-mono">{holds.code}</span>
              ) : (
                <>
                  <span aria-hidden="true" className="font-mono tracking-widest text-slate-500">
                    ••••
                  </span>
                  <span className="sr-only">hidden</span>
                </>
              )}
            </Row>
            <Row term="Name on the lock">{holds.name ?? 'None'}</Row>
            <Row term="Schedule" stacked={holds.starts_at !== null || holds.ends_at !== null}>
              {holds.starts_at === null && holds.ends_at === null
                ? 'Always on'
                : `${holds.starts_at === null ? 'Now' : at(holds.starts_at, timezone)} → ${holds.ends_at === null ? 'no end' : at(holds.ends_at, timezone)}`}
            </Row>
            <Row term="State">{holds.enabled ? 'On' : 'Switched off'}</Row>
          </dl>
          {holds.differences.length > 0 && (
            <p className="mt-2 flex flex-wrap items-center gap-1.5">
              <span className="text-xs text-slate-600">Differs from the code:</span>
              {holds.differences.map((d) => (
                <Badge key={d} tone="warning">
                  {differenceWords[d]}
                </Badge>
              ))}
            </p>
          )}
          <p className="mt-2 text-xs text-slate-600">
            {holds.source === 'lock' && holds.read_at !== null
              ? `As the lock reported it, ${at(holds.read_at, timezone)}.`
              : 'As Latchkey last programmed it: this lock’s keypad cannot be read without a call to the lock.'}
          </p>
        </>
      )}
    </FactBox>
  )
}

/** The next lock work Latchkey has planned for the code, and when it next looks at the lock at all. */
export function NextWorkFacts({ next, timezone }: { next: NextLockWork | null; timezone: string }) {
  return (
    <FactBox title="Next lock work">
      {next === null ? (
        <p className="text-slate-700">Nothing planned for this code.</p>
      ) : (
        <>
          <p>{next.text}</p>
          {next.lock_next_look_at !== null && next.lock_next_look_at !== next.due_at && (
            <p className="mt-2 text-xs text-slate-600">
              Latchkey next looks at this lock{' '}
              <time dateTime={next.lock_next_look_at}>
                {formatWithZone(next.lock_next_look_at, timezone, { second: '2-digit' })}
              </time>
              .
            </p>
          )}
        </>
      )}
    </FactBox>
  )
}

/** The PINs entered at the door since the code was created, newest first. */
export function DoorAttemptFacts({ attempts }: { attempts: readonly DoorAttempt[] }) {
  return (
    <FactBox title="At the door">
      {attempts.length === 0 ? (
        <p className="text-slate-700">The lock has reported no try with this code since it was created.</p>
      ) : (
        <ul className="space-y-2">
          {attempts.map((attempt) => (
            <li key={attempt.event_id} className="flex gap-2">
              <span
                aria-hidden="true"
                className={cx(
                  'mt-1.5 size-2 shrink-0 rounded-full',
                  attempt.unlocked ? 'bg-emerald-600' : attempt.names_this_code ? 'bg-red-600' : 'bg-amber-500',
                )}
              />
              <span>{attempt.text}</span>
            </li>
          ))}
        </ul>
      )}
    </FactBox>
  )
}
