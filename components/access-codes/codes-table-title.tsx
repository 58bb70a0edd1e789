import type { Ref } from 'react'
import { Spinner } from '@/components/ui/spinner'

/** "12 codes · times in the property’s zone, America/Denver (MST)", and how many changes are on their way. */
export function CodesTableTitle({
  codeCount,
  zone,
  inFlight,
  ref,
}: {
  codeCount: number
  zone: string
  inFlight: number
  ref: Ref<HTMLDivElement>
}) {
  return (
    <div
      ref={ref}
      className="flex flex-wrap items-start justify-between gap-3 border-b border-slate-200 px-4 py-3 sm:px-5"
    >
      <div className="min-w-0">
        <h2 className="text-base font-semibold text-slate-900">Access codes</h2>
        <p className="mt-0.5 text-sm text-slate-600">
          {codeCount.toLocaleString('en-US')} {codeCount === 1 ? 'code' : 'codes'} · times in the property’s zone,{' '}
          {zone}
        </p>
      </div>
      {inFlight > 0 && (
        <p className="inline-flex items-center gap-2 rounded-full bg-sky-50 px-3 py-1 text-xs font-medium text-sky-800 ring-1 ring-inset ring-sky-200">
          <Spinner className="size-3" />
          {inFlight} {inFlight === 1 ? 'change' : 'changes'} on the way to the lock · updating live
        </p>
      )}
    </div>
  )
}
