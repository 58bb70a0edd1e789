import { dehydrate, HydrationBoundary, QueryClient } from '@tanstack/react-query'
import type { Metadata } from 'next'
import Link from 'next/link'
import { cache, type ReactNode } from 'react'
import { CodesTable } from '@/components/access-codes/codes-table'
import { SlotsInUse } from '@/components/access-codes/slots-in-use'
import { Badge } from '@/components/ui/badge'
import { ButtonLink } from '@/components/ui/button'
import { describeLengths } from '@/lib/shared/code-rules'
import { listAccessCodes, listPendingRemovals } from '@/lib/access-codes/list-access-codes'
import { slotsInUse } from '@/lib/client/codes-table-model'
import { queryKeys } from '@/lib/client/query-keys'
import type { DeviceCodes } from '@/lib/client/use-access-codes'
import type { ServiceContext } from '@/lib/context'
import { loadDevice, type DeviceRecord } from '@/lib/devices/device-record'
import type { CodeConstraint, CodeConstraintType } from '@/lib/schemas/device'
import { DEFAULT_LIST_LIMIT } from '@/lib/schemas/access-code'
import { orNotFound, workspacePage } from '@/lib/server/service-context'
import { zoneLabel } from '@/lib/time/zoned'

interface LockPageProps {
  params: Promise<{ workspaceId: string; deviceId: string }>
}

// Metadata and the page both need the lock: it is read once per request.
const loadLock = cache(async (workspaceId: string, deviceId: string) => {
  const { ctx } = await workspacePage(workspaceId)
  return { ctx, device: await orNotFound(loadDevice(ctx, deviceId)) }
})

/** Every code on the lock plus the removals still in flight: the shape `useAccessCodes` keeps in its cache. */
async function loadCodes(ctx: ServiceContext, deviceId: string): Promise<DeviceCodes> {
  const [list, removals] = await Promise.all([
    listAccessCodes(ctx, { device_id: deviceId, limit: DEFAULT_LIST_LIMIT }),
    listPendingRemovals(ctx, deviceId),
  ])
  return { codes: list.access_codes, removals }
}

export async function generateMetadata({ params }: LockPageProps): Promise<Metadata> {
  const { workspaceId, deviceId } = await params
  const { device } = await loadLock(workspaceId, deviceId)
  return { title: `${device.displayName} – ${device.propertyName}` }
}

/** The lock's PIN rules as a property manager would say them. */
const constraintWords: Record<CodeConstraintType, string> = {
  no_zeros: 'No 0 digit',
  cannot_start_with_12: 'Cannot start with 12',
  no_triple_consecutive_ints: 'No three digits in a row (like 123 or 987)',
  cannot_specify_pin_code: 'The lock picks every PIN; you cannot choose one',
  pin_code_matches_existing_set: 'PINs come from the lock’s preset list; you cannot choose one',
  start_date_in_future: 'Time-bound codes must start in the future',
  no_ascending_or_descending_sequence: 'Not a straight run like 1234 or 4321',
  at_least_three_unique_digits: 'At least three different digits',
  cannot_contain_089: 'No 0, 8 or 9',
  cannot_contain_0789: 'No 0, 7, 8 or 9',
  unique_first_four_digits: 'First four digits must differ from every other code',
  no_all_same_digits: 'Not one digit repeated (like 1111)',
}

function describeConstraint(constraint: CodeConstraint): string {
  if (constraint.constraint_type === 'name_length') {
    const { min_length: min, max_length: max } = constraint
    if (min !== undefined && max !== undefined) return `Names ${min} to ${max} characters`
    if (max !== undefined) return `Names up to ${max} characters`
    return `Names at least ${min ?? 1} characters`
  }
  if (constraint.constraint_type === 'name_must_be_unique') return 'Each code needs a different name'
  return constraintWords[constraint.constraint_type]
}

const capitalise = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1)

/** "Schlage Encode Plus"; the maker is added when the model name does not already start with it. */
function brandAndModel(device: DeviceRecord): string {
  if (device.modelName === '') return capitalise(device.manufacturer)
  return device.modelName.toLowerCase().startsWith(device.manufacturer.toLowerCase())
    ? device.modelName
    : `${capitalise(device.manufacturer)} ${device.modelName}`
}

function Battery({ level }: { level: number | null }) {
  if (level === null) return <span className="text-slate-500">Not reported</span>
  const percent = Math.round(level * 100)
  if (level < 0.1) return <span className="font-semibold text-red-700">{percent}% – replace now</span>
  if (level < 0.25) return <span className="font-semibold text-amber-800">{percent}% – low</span>
  return <>{percent}%</>
}

function Fact({ term, children, className }: { term: string; children: ReactNode; className?: string }) {
  return (
    <div className={className}>
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{term}</dt>
      <dd className="mt-1 text-sm text-slate-900">{children}</dd>
    </div>
  )
}

export default async function LockPage({ params }: LockPageProps) {
  const { workspaceId, deviceId } = await params
  const { ctx, device } = await loadLock(workspaceId, deviceId)
  const codes = await loadCodes(ctx, deviceId)
  // The table and the slot count read the list through TanStack Query; seeding its cache here puts the codes in
  // the server-rendered HTML, so the first paint already shows them.
  const queryClient = new QueryClient()
  queryClient.setQueryData<DeviceCodes>(queryKeys.accessCodes.list(deviceId), codes)
  const reachable = device.online && device.accountConnected
  const now = ctx.clock.now()
  const rules = device.codeConstraints.map(describeConstraint)
  const newCodeHref = `/w/${workspaceId}/devices/${deviceId}/codes/new`

  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <div className="space-y-6">
        <nav aria-label="Breadcrumb">
          <ol className="flex flex-wrap items-center gap-1.5 text-sm text-slate-600">
            <li>
              <Link href={`/w/${workspaceId}`} className="hover:text-slate-900 hover:underline">
                Locks
              </Link>
            </li>
            <li aria-hidden="true" className="text-slate-400">
              /
            </li>
            <li>{device.propertyName}</li>
            <li aria-hidden="true" className="text-slate-400">
              /
            </li>
            <li aria-current="page" className="font-medium text-slate-900">
              {device.displayName}
            </li>
          </ol>
        </nav>

        <header className="rounded-lg border border-slate-200 bg-white shadow-sm">
          <div className="flex flex-wrap items-start justify-between gap-4 px-4 py-4 sm:px-5">
            <div className="min-w-0">
              <div className="flex flex-wrap items-center gap-2">
                <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{device.displayName}</h1>
                {reachable ? (
                  <Badge tone="success">
                    <span aria-hidden="true" className="size-1.5 rounded-full bg-emerald-600" />
                    Online
                  </Badge>
                ) : (
                  <Badge tone="danger">
                    <span aria-hidden="true" className="size-1.5 rounded-full bg-red-600" />
                    {device.accountConnected ? 'Offline' : 'Account disconnected'}
                  </Badge>
                )}
                {device.isSandbox && <Badge tone="info">Sandbox</Badge>}
              </div>
              <p className="mt-1 text-sm text-slate-600">
                {device.propertyName} · {brandAndModel(device)}
              </p>
            </div>
            <ButtonLink href={newCodeHref}>
              <svg viewBox="0 0 16 16" aria-hidden="true" className="size-4">
                <path d="M8 3v10M3 8h10" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
              </svg>
              New access code
            </ButtonLink>
          </div>
          {!reachable && (
            <p className="border-t border-red-200 bg-red-50 px-4 py-2.5 text-sm text-red-900 sm:px-5">
              {device.accountConnected
                ? 'The lock is not reachable. Codes already on its keypad keep working; new codes, changes and removals wait until it is back online.'
                : 'The lock maker’s account is disconnected. Nothing can be programmed until it is reconnected.'}
            </p>
          )}
          <dl className="grid grid-cols-2 gap-x-6 gap-y-4 border-t border-slate-200 px-4 py-4 sm:grid-cols-4 sm:px-5">
            <Fact term="Battery">
              <Battery level={device.batteryLevel} />
            </Fact>
            <Fact term="Time zone">{zoneLabel(device.timezone, now)}</Fact>
            <Fact term="PIN length">
              {device.supportedCodeLengths.length === 0
                ? 'Not reported'
                : `${describeLengths(device.supportedCodeLengths)} digits`}
            </Fact>
            <Fact term="Slots in use">
              <SlotsInUse
                deviceId={deviceId}
                maxActiveCodes={device.maxActiveCodes}
                initialUsed={slotsInUse(codes.codes, codes.removals)}
              />
            </Fact>
            <Fact term="PIN rules" className="col-span-2 sm:col-span-4">
              {rules.length === 0 ? (
                'Any digits of a supported length'
              ) : (
                <ul className="flex flex-wrap gap-1.5">
                  {rules.map((rule) => (
                    <li key={rule} className="rounded-md bg-slate-100 px-2 py-0.5 text-xs text-slate-700">
                      {rule}
                    </li>
                  ))}
                </ul>
              )}
            </Fact>
          </dl>
        </header>

        <CodesTable
          deviceId={deviceId}
          deviceName={device.displayName}
          timezone={device.timezone}
          renderedAt={now.toISOString()}
        />
      </div>
    </HydrationBoundary>
  )
}
