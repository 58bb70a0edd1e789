'use client'

import { useQuery } from '@tanstack/react-query'
import { useRouter } from 'next/navigation'
import { useId, useState } from 'react'
import { ActiveFaults } from '@/components/devices/active-faults'
import { SimulateFaultForm } from '@/components/devices/simulate-fault-form'
import { Alert } from '@/components/ui/alert'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Card } from '@/components/ui/card'
import { Spinner } from '@/components/ui/spinner'
import { failureMessage } from '@/lib/client/form-errors'
import { deviceQueryOptions } from '@/lib/client/query-options'
import { activeFaults } from '@/lib/client/sandbox-faults-model'
import { useClearFaults } from '@/lib/client/use-clear-faults'
import { useSimulateConnection } from '@/lib/client/use-simulate-connection'
import { useWorkspaceId } from '@/lib/client/workspace-context'
import type { Device, SandboxFaultView } from '@/lib/schemas/device'

/** While a fault counts down operations, look again now and then so the count follows the lock. */
const COUNTING_REFETCH_MS = 5_000

const countsDown = (device: Device | undefined): boolean =>
  device?.properties.sandbox_faults?.some((f) => f.active !== null && f.active.operations_left !== null) ?? false

function Chevron({ open }: { open: boolean }) {
  return (
    <svg
      viewBox="0 0 16 16"
      aria-hidden="true"
      className={`size-4 transition-transform ${open ? 'rotate-180' : ''}`}
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d="M4 6l4 4 4-4" />
    </svg>
  )
}

/**
 * For admins, on a sandbox lock: make it misbehave the way a real lock of its brand does (a fault of
 * /devices/simulate/fault), take it offline or back, and clear what it has. The lock's codes table refetches after
 * each change, and keeps polling while the lock side works.
 */
export function SimulatePanel({
  deviceId,
  deviceName,
  brand,
}: {
  deviceId: string
  deviceName: string
  brand: string
}) {
  const workspaceId = useWorkspaceId()
  const router = useRouter()
  const bodyId = useId()
  const deviceQuery = useQuery({
    ...deviceQueryOptions(workspaceId, deviceId),
    refetchInterval: (query) => (countsDown(query.state.data?.device) ? COUNTING_REFETCH_MS : false),
  })
  const connection = useSimulateConnection(deviceId)
  const clear = useClearFaults(deviceId)
  const [notice, setNotice] = useState<string | undefined>()
  const device = deviceQuery.data?.device
  const possible = device?.properties.sandbox_faults ?? []
  const active = activeFaults(possible)
  const online = device?.properties.online ?? true
  const [open, setOpen] = useState(active.length > 0 || !online)

  // The page's header (online or not) is rendered on the server: it is refreshed too.
  const changed = (message: string) => {
    setNotice(message)
    router.refresh()
  }
  const simulated = (fault: SandboxFaultView) => {
    if (fault.lasts === 'permanent') {
      router.push(`/w/${workspaceId}`)
      return
    }
    changed(`${fault.fault} is simulated. The lock side is looking at the lock now; watch its codes below.`)
  }
  const mutationError = connection.error ?? clear.error

  return (
    <Card>
      <div className="flex flex-wrap items-center justify-between gap-3 px-4 py-3 sm:px-5">
        <div className="min-w-0">
          <h2 className="text-base font-semibold text-slate-900">Simulate</h2>
          <p className="mt-0.5 text-sm text-slate-600">
            Make this sandbox lock misbehave the way a real {brand} lock does, and see what its codes show.
          </p>
        </div>
        <div className="flex shrink-0 items-center gap-2">
          {active.length > 0 && (
            <Badge tone="warning">
              {active.length} fault{active.length === 1 ? '' : 's'} active
            </Badge>
          )}
          <Button
            variant="secondary"
            size="sm"
            aria-expanded={open}
            aria-controls={bodyId}
            onClick={() => setOpen(!open)}
          >
            {open ? 'Hide' : 'Show'}
            <span className="sr-only"> the Simulate panel</span>
            <Chevron open={open} />
          </Button>
        </div>
      </div>
      <div id={bodyId} hidden={!open} className="border-t border-slate-200 px-4 py-4 sm:px-5">
        {device === undefined ? (
          deviceQuery.isError ? (
            <Alert tone="danger" title="The lock could not be loaded">
              {deviceQuery.error.message}
            </Alert>
          ) : (
            <p role="status" className="flex items-center gap-2 text-sm text-slate-600">
              <Spinner /> Loading the lock…
            </p>
          )
        ) : (
          <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
            <section aria-labelledby={`${bodyId}-fault`} className="min-w-0">
              <h3 id={`${bodyId}-fault`} className="mb-2 text-sm font-semibold text-slate-900">
                Make a fault happen
              </h3>
              <SimulateFaultForm
                deviceId={deviceId}
                deviceName={deviceName}
                faults={possible}
                onSimulated={simulated}
              />
            </section>
            <div className="min-w-0 space-y-5">
              <section aria-labelledby={`${bodyId}-connection`}>
                <h3 id={`${bodyId}-connection`} className="mb-2 text-sm font-semibold text-slate-900">
                  Connection
                </h3>
                <div className="flex flex-wrap items-center gap-3">
                  <span className="text-sm text-slate-700">
                    {online ? 'The lock is online.' : 'The lock is offline.'}
                  </span>
                  <Button
                    variant="secondary"
                    size="sm"
                    disabled={connection.isPending}
                    onClick={() =>
                      connection.mutate(!online, {
                        onSuccess: () => changed(online ? 'The lock went offline.' : 'The lock is back online.'),
                      })
                    }
                  >
                    {connection.isPending && <Spinner />}
                    {online ? 'Go offline' : 'Bring back online'}
                  </Button>
                </div>
              </section>
              <section aria-labelledby={`${bodyId}-active`}>
                <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
                  <h3 id={`${bodyId}-active`} className="text-sm font-semibold text-slate-900">
                    Active faults
                  </h3>
                  <Button
                    variant="secondary"
                    size="sm"
                    disabled={clear.isPending || (active.length === 0 && online)}
                    onClick={() =>
                      clear.mutate(undefined, {
                        onSuccess: () => changed('Faults cleared: the lock behaves normally again.'),
                      })
                    }
                  >
                    {clear.isPending && <Spinner />}
                    Clear all faults
                  </Button>
                </div>
                <ActiveFaults faults={active} />
              </section>
            </div>
          </div>
        )}
        <div role="status" className="empty:hidden">
          {notice !== undefined && (
            <p className="mt-4 rounded-md border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-900">
              {notice}
            </p>
          )}
        </div>
        {mutationError !== null && (
          <Alert tone="danger" className="mt-4">
            {failureMessage(mutationError)}
          </Alert>
        )}
      </div>
    </Card>
  )
}
