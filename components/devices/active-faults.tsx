import { Badge } from '@/components/ui/badge'
import { activeInWords, capitalise } from '@/lib/client/sandbox-faults-model'
import type { SandboxFaultView } from '@/lib/schemas/device'

/** The faults the sandbox lock has now, each with what it does and how long it still lasts. */
export function ActiveFaults({ faults }: { faults: readonly SandboxFaultView[] }) {
  if (faults.length === 0) return <p className="text-sm text-slate-600">None: the lock behaves normally.</p>
  return (
    <ul className="divide-y divide-slate-200 rounded-md border border-slate-200">
      {faults.map((f) => (
        <li key={f.fault} className="px-3 py-2">
          <div className="flex flex-wrap items-center justify-between gap-x-3 gap-y-1">
            <span className="min-w-0 font-mono text-xs wrap-anywhere text-slate-900">{f.fault}</span>
            <Badge tone="warning">{activeInWords(f)}</Badge>
          </div>
          <p className="mt-0.5 text-sm text-slate-600">{capitalise(f.lock_does)}</p>
        </li>
      ))}
    </ul>
  )
}
