'use client'

import { useState } from 'react'
import { ShiftStayForm } from '@/components/stays/shift-stay-form'
import { StayDoorsForm } from '@/components/stays/stay-doors-form'
import { StayPinForm } from '@/components/stays/stay-pin-form'
import { Card, CardBody, CardHeader } from '@/components/ui/card'
import { cx } from '@/components/ui/cx'
import type { StayLock } from '@/lib/client/stays-model'
import type { Stay, StayWriteResponse } from '@/lib/schemas/stay'

type Tab = 'dates' | 'doors' | 'pin'

const tabs: { value: Tab; label: string; description: string }[] = [
  {
    value: 'dates',
    label: 'Dates',
    description: 'Early check-in, late checkout or an extension: every door moves together.',
  },
  { value: 'doors', label: 'Doors', description: 'Give the guest another door, or take one away.' },
  { value: 'pin', label: 'PIN', description: 'Give every door a new PIN.' },
]

/** Changing a stay: its dates, its doors or its PIN, each previewed door by door before anything is sent. */
export function StayChanges({
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
  const [tab, setTab] = useState<Tab>('dates')
  const shown = tabs.find((t) => t.value === tab) ?? tabs[0]
  return (
    <Card>
      <CardHeader title="Change this stay" description={shown?.description} />
      <CardBody className="space-y-4">
        <div role="group" aria-label="What to change" className="inline-flex rounded-md border border-slate-300 p-0.5">
          {tabs.map((t) => (
            <button
              key={t.value}
              type="button"
              aria-pressed={tab === t.value}
              onClick={() => setTab(t.value)}
              className={cx(
                'rounded px-3 py-1.5 text-sm font-medium',
                tab === t.value ? 'bg-brand-600 text-white' : 'text-slate-700 hover:bg-slate-100',
              )}
            >
              {t.label}
            </button>
          ))}
        </div>
        {/* Keyed by what the form starts from, so after a change it starts again from the stay as it now is. */}
        {tab === 'dates' && (
          <ShiftStayForm key={`${stay.check_in}|${stay.check_out}`} stay={stay} now={now} onApplied={onApplied} />
        )}
        {tab === 'doors' && (
          <StayDoorsForm key={stay.device_ids.join()} stay={stay} locks={locks} now={now} onApplied={onApplied} />
        )}
        {tab === 'pin' && <StayPinForm key={stay.code ?? ''} stay={stay} now={now} onApplied={onApplied} />}
      </CardBody>
    </Card>
  )
}
