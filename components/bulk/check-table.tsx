import { Badge, type BadgeTone } from '@/components/ui/badge'
import type { LockCheck } from '@/lib/schemas/lock-check'
import { formatWithZone } from '@/lib/time/zoned'

const outcomes: Record<LockCheck['outcome'], { label: string; tone: BadgeTone }> = {
  ok: { label: 'Takes the PIN', tone: 'success' },
  own_pin: { label: 'Own PIN', tone: 'info' },
  refused: { label: 'Refused', tone: 'danger' },
}

/** The window as the lock's property keeps time: "Fri, Mar 6, 4:00 PM MST → Mon, Mar 9, 11:00 AM MST". */
function localWindow(window: { startsAt: string; endsAt: string } | null, timeZone: string): string {
  if (window === null) return 'Ongoing'
  return `${formatWithZone(window.startsAt, timeZone)} → ${formatWithZone(window.endsAt, timeZone)}`
}

function pinOf(check: LockCheck, sharedCode: string | null): { text: string; note?: string } {
  if (check.outcome === 'refused') return { text: '—' }
  if (check.outcome === 'own_pin')
    return check.code === null
      ? { text: 'Chosen by the lock', note: 'shown once the lock sets it' }
      : { text: 'Own PIN', note: 'picked on creation' }
  return { text: check.code ?? sharedCode ?? '—' }
}

function slotsOf(check: LockCheck): string {
  if (check.max_active_codes <= 0) return `${check.slots_in_use} in use`
  return `${check.slots_in_use} of ${check.max_active_codes} in use`
}

/**
 * The check, one row per lock: where it is, its local window, the PIN it would get, its slots, and whether it takes
 * the code, with each reason in plain words (errors first, then warnings).
 */
export function CheckTable({
  checks,
  code,
  window,
  stale,
}: {
  checks: readonly LockCheck[]
  code: string | null
  /** The window sent (UTC instants), or null for an ongoing code. */
  window: { startsAt: string; endsAt: string } | null
  stale: boolean
}) {
  return (
    <div className="relative overflow-x-auto">
      <table className={stale ? 'w-full text-left text-sm opacity-60' : 'w-full text-left text-sm'}>
        <caption className="sr-only">What each lock would do with the code</caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-xs font-semibold text-slate-700 uppercase">
          <tr>
            <th scope="col" className="px-4 py-2">
              Lock
            </th>
            <th scope="col" className="px-4 py-2">
              Property
            </th>
            <th scope="col" className="px-4 py-2">
              Local window
            </th>
            <th scope="col" className="px-4 py-2">
              PIN
            </th>
            <th scope="col" className="px-4 py-2">
              Slots
            </th>
            <th scope="col" className="px-4 py-2">
              Outcome
            </th>
            <th scope="col" className="min-w-72 px-4 py-2">
              Why
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {checks.map((check) => {
            const pin = pinOf(check, code)
            const outcome = outcomes[check.outcome]
            const problems = [...check.problems].sort((a, b) =>
              a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1,
            )
            return (
              <tr key={check.device_id} className="align-top">
                <th scope="row" className="px-4 py-3 font-medium text-slate-900">
                  {check.device_name}
                  {!check.online && <span className="block text-xs font-normal text-red-700">Offline</span>}
                </th>
                <td className="min-w-32 px-4 py-3 text-slate-700">{check.property_name}</td>
                <td className="px-4 py-3 text-slate-700">
                  <span className="block min-w-44">{localWindow(window, check.timezone)}</span>
                </td>
                <td className="px-4 py-3">
                  <span
                    className={/^\d+$/.test(pin.text) ? 'font-mono tracking-wider text-slate-900' : 'text-slate-900'}
                  >
                    {pin.text}
                  </span>
                  {pin.note !== undefined && <span className="block text-xs text-slate-600">{pin.note}</span>}
                </td>
                <td className="px-4 py-3 whitespace-nowrap text-slate-700">{slotsOf(check)}</td>
                <td className="px-4 py-3">
                  <Badge tone={outcome.tone} className="whitespace-nowrap">
                    {outcome.label}
                  </Badge>
                </td>
                <td className="px-4 py-3 text-slate-700">
                  {problems.length === 0 ? (
                    <span className="text-slate-600">No problems.</span>
                  ) : (
                    <ul className="grid gap-1">
                      {problems.map((p) => (
                        <li
                          key={`${p.problem}-${p.message}`}
                          className={p.severity === 'error' ? 'text-red-800' : 'text-amber-900'}
                        >
                          <span className="sr-only">{p.severity === 'error' ? 'Error: ' : 'Warning: '}</span>
                          {p.message}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
