'use client'

import { useQuery } from '@tanstack/react-query'
import { useRouter } from 'next/navigation'
import { useId, useState } from 'react'
import { ActiveFaults } from '@/components/devices/active-faults'
import { SimulateConnection } from '@/components/devices/simulate-connection'
import { SimulateFailNextForm } from '@/components/devices/simulate-fail-next-form'
import { SimulateFaultForm } from '@/components/devices/simulate-fault-form'
import { SimulateKeypadChanges } from '@/components/devices/simulate-keypad-changes'
import { SimulateKeypadEntryForm } from '@/components/devices/simulate-keypad-entry-form'
import { SimulateTabs } from '@/components/devices/simulate-tabs'
import { Alert } from '@/components/ui/alert'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Card } from '@/components/ui/card'
import { Spinner } from '@/components/ui/spinner'
import { failureMessage } from '@/lib/client/form-errors'
import { deviceQueryOptions } from '@/lib/client/query-options'
import { activeFaults } from '@/lib/client/sandbox-faults-model'
import { useClearFaults } from '@/lib/client/use-clear-faults'
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
 * For admins, on a sandbox lock: reproduce what a customer reports. Make it misbehave the way a real lock of its brand
 * does (a fault of /devices/simulate/fault, or refusals of its next requests), change its keypad as people do outside
 * Latchkey (change or remove a PIN, add a code, fill it), type a PIN at it, take it or its account offline, and clear
 * what it has. The lock's codes table refetches after each change, and keeps polling while the lock side works.
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
  const clear = useClearFaults(deviceId)
  const [notice, setNotice] = useState<string | undefined>()
  const [failure, setFailure] = useState<unknown>(null)
  const device = deviceQuery.data?.device
  const possible = device?.properties.sandbox_faults ?? []
  const active = activeFaults(possible)
  const online = device?.properties.online ?? true
  const accountConnected = !(device?.errors.some((e) => e.error_code === 'account_disconnected') ?? false)
  const [open, setOpen] = useState(active.length > 0 || !online || !accountConnected)

  // The page's header (online or not) is rendered on the server: it is refreshed too.
  const changed = (message: string) => {
    setFailure(null)
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
  const mutationError = failure ?? clear.error

  return (
    <Card>
      <div className="flex flex-wrap items-center justify-between gap-3 px-4 py-3 sm:px-5">
        <div className="min-w-0 flex-1 basis-72">
          <h2 className="text-base font-semibold text-slate-900">Simulate</h2>
          <p className="mt-0.5 text-sm text-slate-600">
            Reproduce what a customer reports: make this sandbox lock misbehave the way a real {brand} lock does, change
            its keypad, or type a PIN at it, and see what its codes show.
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
            <div className="min-w-0">
              <SimulateTabs
                label="What to simulate"
                tabs={[
                  {
                    key: 'faults',
                    label: 'Faults',
                    panel: (
                      <div className="space-y-6">
                        <section aria-labelledby={`${bodyId}-fault`}>
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
                        <section aria-labelledby={`${bodyId}-refuse`}>
                          <h3 id={`${bodyId}-refuse`} className="text-sm font-semibold text-slate-900">
                            Refuse the next requests
                          </h3>
                          <p className="mb-2 mt-0.5 text-sm text-slate-600">
                            The lock turns down its next programming requests or removals, then works again.
                          </p>
                          <SimulateFailNextForm deviceId={deviceId} />
                        </section>
                      </div>
                    ),
                  },
                  {
                    key: 'keypad',
                    label: 'Keypad changes',
                    panel: <SimulateKeypadChanges deviceId={deviceId} deviceName={deviceName} />,
                  },
                  {
                    key: 'door',
                    label: 'Enter a PIN',
                    panel: <SimulateKeypadEntryForm deviceId={deviceId} />,
                  },
                ]}
              />
            </div>
            <div className="min-w-0 space-y-5">
              <section aria-labelledby={`${bodyId}-connection`}>
                <h3 id={`${bodyId}-connection`} className="mb-2 text-sm font-semibold text-slate-900">
                  Connection
                </h3>
                <SimulateConnection
                  deviceId={deviceId}
                  connectedAccountId={device.connected_account_id}
                  brand={brand}
                  online={online}
                  accountConnected={accountConnected}
                  onChanged={changed}
                  onFailed={(error) => {
                    setNotice(undefined)
                    setFailure(error)
                  }}
                />
              </section>
              <section aria-labelledby={`${bodyId}-active`}>
                <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
                  <h3 id={`${bodyId}-active`} className="text-sm font-semibold text-slate-900">
                    Active faults
                  </h3>
                  <Button
                    variant="secondary"
                    size="sm"
                    disabled={clear.isPending || (active.length === 0 && online && accountConnected)}
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
