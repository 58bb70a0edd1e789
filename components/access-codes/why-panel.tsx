'use client'

import { useEffect, useRef, useState, type ReactNode } from 'react'
import { DoorAttemptFacts, LockHoldsFacts, NextWorkFacts } from '@/components/access-codes/why-facts'
import { WhyTimeline } from '@/components/access-codes/why-timeline'
import { Badge, type BadgeTone } from '@/components/ui/badge'
import { cx } from '@/components/ui/cx'
import { useAccessCode } from '@/lib/client/use-access-code'
import { useAccessCodeExplanation } from '@/lib/client/use-access-code-explanation'
import type { AccessCode } from '@/lib/schemas/access-code'
import type { CodeSituation, Explanation } from '@/lib/schemas/explanation'

/** Situations where the code does not open the door yet, and nothing is wrong. */
const NOT_YET: ReadonlySet<CodeSituation> = new Set([
  'waiting_for_window',
  'scheduled_on_lock',
  'being_programmed',
  'waiting_for_pin_assignment',
])
const OVER: ReadonlySet<CodeSituation> = new Set(['ended', 'deleted'])

interface Verdict {
  label: string
  tone: BadgeTone
  box: string
}

function verdictOf(explanation: Explanation): Verdict {
  const { situation, opens_door_now: opens } = explanation
  if (situation === 'being_removed' && opens)
    return { label: 'Still opens the door', tone: 'warning', box: 'border-amber-300 bg-amber-50 text-amber-950' }
  if (opens)
    return { label: 'Opens the door', tone: 'success', box: 'border-emerald-300 bg-emerald-50 text-emerald-950' }
  if (situation === 'offline_code' || NOT_YET.has(situation))
    // Something to do before it is due (the lock out of reach, its batteries almost empty…) puts it at risk.
    return explanation.lock_reachable && explanation.what_to_do.length === 0
      ? { label: 'Not yet', tone: 'progress', box: 'border-sky-300 bg-sky-50 text-sky-950' }
      : { label: 'Not yet, and at risk', tone: 'warning', box: 'border-amber-300 bg-amber-50 text-amber-950' }
  if (OVER.has(situation) || (situation === 'being_removed' && !opens))
    return { label: 'No longer', tone: 'neutral', box: 'border-slate-300 bg-slate-50 text-slate-900' }
  if (situation === 'device_removed' || situation === 'unknown')
    return { label: 'Cannot tell', tone: 'warning', box: 'border-amber-300 bg-amber-50 text-amber-950' }
  return { label: 'Does not open', tone: 'danger', box: 'border-red-300 bg-red-50 text-red-950' }
}

/** PINs stay hidden on the dashboard until asked for, here as in the codes table and the code's summary. */
const hidePins = (text: string): string => text.replace(/\bPIN \d+/g, 'PIN ••••')

/** A change of the code the page follows (status, errors, warnings): the explanation is asked again at once. */
const codeSignature = (code: AccessCode): string =>
  [
    code.status,
    code.code,
    ...code.errors.map((e) => `e:${e.error_code}`),
    ...code.warnings.map((w) => `w:${w.warning_code}`),
  ].join('|')

/**
 * "Why doesn't it work at the door?": the support panel of the code page. The answer first (will this PIN open the
 * door right now, and if not why), then the reasons in sentences, what to do, what the lock holds, the next lock work,
 * the tries at the door and the whole timeline. It follows the code live.
 */
export function WhyPanel({
  initialCode,
  initialExplanation,
  timezoneLabel,
}: {
  initialCode: AccessCode
  initialExplanation: Explanation
  timezoneLabel: string
}) {
  const { data: explanation = initialExplanation, refetch } = useAccessCodeExplanation(
    initialCode.access_code_id,
    initialExplanation,
  )
  const { data: code = initialCode } = useAccessCode(initialCode.access_code_id, initialCode)
  const signature = codeSignature(code)
  const seen = useRef(signature)
  useEffect(() => {
    if (seen.current === signature) return
    seen.current = signature
    void refetch()
  }, [signature, refetch])

  return <ExplanationView explanation={explanation} timezoneLabel={timezoneLabel} />
}

/**
 * The panel itself, for an explanation its page keeps up to date: the live code's page above, and the page of a
 * deleted code still being taken off its lock (which has no live code to follow).
 */
export function ExplanationView({
  explanation,
  timezoneLabel,
  notice,
}: {
  explanation: Explanation
  timezoneLabel: string
  /** Shown above the verdict: news the explanation cannot give (the code is now off the lock). */
  notice?: ReactNode
}) {
  const [showPins, setShowPins] = useState(false)
  const words = showPins ? (text: string) => text : hidePins
  const verdict = verdictOf(explanation)
  const timezone = explanation.timezone
  // Those the boxes below show as facts are left out of the list.
  const sentences = explanation.sentences.filter(
    (s) => s.topic !== 'lock_holds' && s.topic !== 'next_work' && s.topic !== 'door_attempt',
  )
  return (
    <section aria-labelledby="why-heading" className="rounded-lg border border-slate-200 bg-white shadow-sm">
      <div className="flex flex-wrap items-start justify-between gap-3 border-b border-slate-200 px-4 py-3 sm:px-5">
        <div className="min-w-0">
          <h2 id="why-heading" className="text-base font-semibold text-slate-900">
            Does it open the door?
          </h2>
          <p className="mt-0.5 text-sm text-slate-600">
            What Latchkey knows about this code and its lock, for support. Times in {timezoneLabel}.
          </p>
        </div>
        <button
          type="button"
          aria-pressed={showPins}
          onClick={() => setShowPins((shown) => !shown)}
          className="shrink-0 rounded-md border border-slate-300 bg-white px-2.5 py-1 text-sm font-medium text-slate-700 hover:bg-slate-50"
        >
          Show PINs
        </button>
      </div>
      <div className="space-y-5 px-4 py-4 sm:px-5">
        {notice}
        <div aria-live="polite" className={cx('rounded-md border px-4 py-3', verdict.box)}>
          <Badge tone={verdict.tone}>{verdict.label}</Badge>
          <p className="mt-2 text-base font-semibold break-words">{words(explanation.headline)}</p>
        </div>

        {sentences.length > 0 && (
          <div>
            <h3 className="sr-only">Why</h3>
            <ul className="list-disc space-y-1.5 pl-5 text-sm text-slate-800 marker:text-slate-400">
              {sentences.map((sentence, i) => (
                <li key={`${sentence.topic}-${i}`} className="break-words">
                  {words(sentence.text)}
                </li>
              ))}
            </ul>
          </div>
        )}

        {explanation.what_to_do.length > 0 && (
          <div className="rounded-md border border-brand-100 bg-brand-50 px-4 py-3">
            <h3 className="text-sm font-semibold text-brand-800">What to do</h3>
            <ol className="mt-1.5 list-decimal space-y-1 pl-5 text-sm text-slate-900">
              {explanation.what_to_do.map((step) => (
                <li key={step}>{step}</li>
              ))}
            </ol>
          </div>
        )}

        <div className="grid gap-3 md:grid-cols-3">
          <LockHoldsFacts holds={explanation.lock_holds} timezone={timezone} showPin={showPins} />
          <NextWorkFacts next={explanation.next_lock_work} timezone={timezone} />
          <DoorAttemptFacts attempts={explanation.door_attempts} />
        </div>

        <details className="group rounded-md border border-slate-200">
          <summary className="cursor-pointer px-3 py-2 text-sm font-medium text-slate-900 select-none">
            Timeline ({explanation.timeline.length}): events and action attempts, newest first
          </summary>
          <div className="border-t border-slate-200 px-3 py-3">
            <WhyTimeline entries={explanation.timeline} timezone={timezone} />
          </div>
        </details>
      </div>
    </section>
  )
}
