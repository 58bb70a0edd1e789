'use client'

import Link from 'next/link'
import type { ReactNode } from 'react'
import { AccessCodeStatusBadge } from '@/components/access-codes/access-code-status-badge'
import { IssueList } from '@/components/access-codes/issue-list'
import { PinCell } from '@/components/access-codes/pin-cell'
import { useAccessCode } from '@/lib/client/use-access-code'
import { useWorkspaceId } from '@/lib/client/workspace-context'
import type { AccessCode } from '@/lib/schemas/access-code'
import { codeDisplayName } from '@/lib/shared/code-name'
import { formatWithZone } from '@/lib/time/zoned'
import { isOnOfflineLock } from '@/lib/client/codes-table-model'

/*
 * The parts of the code page that follow the code live. Each reads the same cached query (seeded with what the
 * server rendered), which refetches every second while the lock side is working on the code.
 */

function useLiveCode(initialCode: AccessCode): AccessCode {
  const { data } = useAccessCode(initialCode.access_code_id, initialCode)
  return data ?? initialCode
}

const inZone = (iso: string, timeZone: string): string => formatWithZone(iso, timeZone, { year: 'numeric' })

/** "Fri, Mar 6, 2026, 3:00 PM MST → Sun, Mar 8, 2026, 11:00 AM MDT (America/Denver)", or what an ongoing code does. */
function describeSchedule(code: Pick<AccessCode, 'type' | 'starts_at' | 'ends_at'>, timeZone: string): string {
  if (code.type === 'ongoing' || !code.starts_at || !code.ends_at) return 'Always, until deleted'
  return `${inZone(code.starts_at, timeZone)} → ${inZone(code.ends_at, timeZone)} (${timeZone})`
}

function statusSentence(code: AccessCode): string {
  if (isOnOfflineLock(code))
    return 'The PIN is on the lock and still opens the door, but the lock is not answering: changes wait until it is back.'
  if (code.errors.length > 0) return 'Something is wrong with this code: see Errors and warnings below.'
  switch (code.status) {
    case 'set':
      return code.type === 'time_bound'
        ? 'The lock has this code; the PIN opens the door until check-out.'
        : 'The lock has this code; the PIN opens the door.'
    case 'setting':
      return 'Latchkey is putting this code on the lock. This page updates by itself.'
    case 'removing':
      return 'Latchkey is taking this code off the lock. Until it is done, the PIN may still open the door.'
    case 'unset':
      return code.is_scheduled_on_device === true
        ? 'The lock holds this code and turns it on at check-in by itself.'
        : 'Latchkey puts this code on the lock shortly before check-in.'
    case 'unknown':
      return 'Latchkey cannot tell whether the lock has this code right now.'
  }
}

/** The status badge with a sentence saying what it means at the door. */
export function LiveCodeStatus({ initialCode }: { initialCode: AccessCode }) {
  const code = useLiveCode(initialCode)
  return (
    <div role="status" aria-live="polite" className="flex flex-wrap items-center gap-x-3 gap-y-1">
      <AccessCodeStatusBadge code={code} />
      <span className="text-sm text-slate-700">{statusSentence(code)}</span>
    </div>
  )
}

export function LiveCodeIssues({ initialCode, timezone }: { initialCode: AccessCode; timezone: string }) {
  const code = useLiveCode(initialCode)
  return <IssueList errors={code.errors} warnings={code.warnings} timezone={timezone} />
}

function Fact({ term, children, wide = false }: { term: string; children: ReactNode; wide?: boolean }) {
  return (
    <div className={wide ? 'sm:col-span-2' : undefined}>
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{term}</dt>
      <dd className="mt-1 text-sm break-words text-slate-900">{children}</dd>
    </div>
  )
}

const yesNo = (value: boolean | undefined): string => (value === true ? 'Yes' : 'No')

const Id = ({ children }: { children: string }) => (
  <code className="font-mono text-xs break-all text-slate-800">{children}</code>
)

export interface CodeLock {
  deviceId: string
  displayName: string
  propertyName: string
  timezone: string
}

/** What a property manager reads first: the PIN, when it works, where. */
export function LiveCodeSummary({ initialCode, lock }: { initialCode: AccessCode; lock: CodeLock }) {
  const code = useLiveCode(initialCode)
  const workspaceId = useWorkspaceId()
  return (
    <dl className="grid gap-x-6 gap-y-4 sm:grid-cols-2">
      <Fact term="PIN">
        {code.code === null && code.is_waiting_for_code_assignment === true ? (
          <span className="text-slate-600">
            Waiting for the lock to assign a PIN. The lock chooses it; it appears here once the code is on the lock.
          </span>
        ) : (
          <PinCell pin={code.code} codeName={codeDisplayName(code)} owner={{ access_code_id: code.access_code_id }} />
        )}
      </Fact>
      <Fact term="Type">{code.type === 'time_bound' ? 'Time-bound' : 'Ongoing'}</Fact>
      <Fact term="Schedule" wide>
        {describeSchedule(code, lock.timezone)}
      </Fact>
      <Fact term="Lock">
        <Link
          href={`/w/${workspaceId}/devices/${lock.deviceId}`}
          className="font-medium text-brand-700 hover:underline"
        >
          {lock.displayName}
        </Link>
        <span className="text-slate-600"> · {lock.propertyName}</span>
      </Fact>
      <Fact term="Created">{inZone(code.created_at, lock.timezone)}</Fact>
    </dl>
  )
}

/** Every other field of the access code object, as the API returns it. */
export function LiveCodeFields({ initialCode }: { initialCode: AccessCode }) {
  const code = useLiveCode(initialCode)
  const workspaceId = useWorkspaceId()
  return (
    <dl className="grid gap-x-6 gap-y-4 sm:grid-cols-2">
      <Fact term="Access code ID">
        <Id>{code.access_code_id}</Id>
      </Fact>
      <Fact term="Device ID">
        <Id>{code.device_id}</Id>
      </Fact>
      <Fact term="Workspace ID">
        <Id>{code.workspace_id}</Id>
      </Fact>
      <Fact term="Common code key">
        {code.common_code_key === null ? <span className="text-slate-500">None</span> : <Id>{code.common_code_key}</Id>}
      </Fact>
      <Fact term="Status (API)">
        <Id>{code.status}</Id>
      </Fact>
      <Fact term="Managed by Latchkey">{yesNo(code.is_managed)}</Fact>
      <Fact term="Scheduled on the lock">{yesNo(code.is_scheduled_on_device)}</Fact>
      <Fact term="External changes allowed">{yesNo(code.is_external_modification_allowed)}</Fact>
      <Fact term="Offline code">{yesNo(code.is_offline_access_code)}</Fact>
      <Fact term="One-time use">{yesNo(code.is_one_time_use)}</Fact>
      <Fact term="Is a backup code">{yesNo(code.is_backup)}</Fact>
      <Fact term="Backup code available">{yesNo(code.is_backup_access_code_available)}</Fact>
      <Fact term="Waiting for a PIN from the lock">{yesNo(code.is_waiting_for_code_assignment)}</Fact>
      <Fact term="Pulled backup code">
        {code.pulled_backup_access_code_id == null ? (
          <span className="text-slate-500">None</span>
        ) : (
          <Link
            href={`/w/${workspaceId}/access-codes/${code.pulled_backup_access_code_id}`}
            className="font-mono text-xs break-all text-brand-700 hover:underline"
          >
            {code.pulled_backup_access_code_id}
          </Link>
        )}
      </Fact>
    </dl>
  )
}
