'use client'

import Link from 'next/link'
import { useQueries } from '@tanstack/react-query'
import { AccessCodeStatusBadge } from '@/components/access-codes/access-code-status-badge'
import { PinCell } from '@/components/access-codes/pin-cell'
import { accessCodeQueryOptions } from '@/lib/client/query-options'
import { codesRefetchInterval, isInFlight } from '@/lib/client/use-access-codes'
import type { BackupPoolResults } from '@/lib/client/use-create-multiple-access-codes'
import { useWorkspaceId } from '@/lib/client/workspace-context'
import type { AccessCode } from '@/lib/schemas/access-code'
import type { LockCheck } from '@/lib/schemas/lock-check'
import { describeIssue } from '@/lib/shared/issue-catalogue'
import { isMaskedPin } from '@/lib/shared/masked-pin'

/** How often to ask again about one created code: every second while the lock side works on it, then slowly. */
function intervalFor(code: AccessCode | undefined): number | false {
  if (code === undefined) return false
  if (code.status === 'set' && code.errors.length === 0) return false
  return codesRefetchInterval(isInFlight(code) ? [code] : [])
}

/** "3 codes created: 2 set on their locks, 1 still being set." */
function progressOf(codes: readonly AccessCode[]): string {
  const errors = codes.filter((c) => c.errors.length > 0).length
  const set = codes.filter((c) => c.errors.length === 0 && c.status === 'set').length
  const setting = codes.filter((c) => c.errors.length === 0 && isInFlight(c)).length
  const waiting = codes.filter((c) => c.errors.length === 0 && c.status === 'unset').length
  const parts = [
    set > 0 ? `${set} set on ${set === 1 ? 'its lock' : 'their locks'}` : undefined,
    setting > 0 ? `${setting} still being set` : undefined,
    waiting > 0 ? `${waiting} waiting for check-in` : undefined,
    errors > 0 ? `${errors} with ${errors === 1 ? 'an error' : 'errors'}` : undefined,
  ].filter((p): p is string => p !== undefined)
  return `${codes.length} ${codes.length === 1 ? 'code' : 'codes'} created: ${parts.join(', ')}.`
}

/**
 * The codes create_multiple made, one row per lock, with their live status: each is asked for again until it is set
 * on its lock or has an error, which is shown with the catalogue's words and what to do.
 */
export function ResultsTable({
  created,
  checks,
  backupPool,
}: {
  created: readonly AccessCode[]
  /** The check's rows, for each lock's name and property. */
  checks: readonly LockCheck[]
  backupPool: BackupPoolResults
}) {
  const workspaceId = useWorkspaceId()
  const live = useQueries({
    queries: created.map((code) => ({
      ...accessCodeQueryOptions(workspaceId, code.access_code_id),
      initialData: { access_code: code },
      refetchInterval: (query: { state: { data?: { access_code: AccessCode } | undefined } }) =>
        intervalFor(query.state.data?.access_code),
    })),
  })
  const codes = created.map((code, i) => live[i]?.data?.access_code ?? code)
  const lockOf = new Map(checks.map((c) => [c.device_id, c]))

  return (
    <div>
      <p role="status" aria-live="polite" className="px-4 py-3 text-sm text-slate-700 sm:px-5">
        {progressOf(codes)}
      </p>
      <div className="relative overflow-x-auto border-t border-slate-200">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">The codes created, one per lock, with their status</caption>
          <thead className="border-b border-slate-200 bg-slate-50 text-xs font-semibold text-slate-700 uppercase">
            <tr>
              <th scope="col" className="px-4 py-2">
                Lock
              </th>
              <th scope="col" className="px-4 py-2">
                Property
              </th>
              <th scope="col" className="px-4 py-2">
                PIN
              </th>
              <th scope="col" className="px-4 py-2">
                Status
              </th>
              <th scope="col" className="min-w-72 px-4 py-2">
                Errors and what to do
              </th>
              <th scope="col" className="px-4 py-2">
                <span className="sr-only">Code page</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {codes.map((code) => {
              const lock = lockOf.get(code.device_id)
              const pool = backupPool[code.access_code_id]
              return (
                <tr key={code.access_code_id} className="align-top">
                  <th scope="row" className="px-4 py-3 font-medium text-slate-900">
                    {lock?.device_name ?? code.device_id}
                  </th>
                  <td className="px-4 py-3 text-slate-700">{lock?.property_name}</td>
                  <td className="px-4 py-3">
                    {code.code !== null && code.code !== '' ? (
                      isMaskedPin(code.code) ? (
                        <PinCell
                          pin={code.code}
                          codeName={`the code on ${lock?.device_name ?? code.device_id}`}
                          owner={{ access_code_id: code.access_code_id }}
                        />
                      ) : (
                        <span className="font-mono tracking-wider text-slate-900">{code.code}</span>
                      )
                    ) : (
                      <span className="text-slate-600">Waiting for the lock’s PIN</span>
                    )}
                  </td>
                  <td className="px-4 py-3">
                    <AccessCodeStatusBadge code={code} />
                  </td>
                  <td className="px-4 py-3 text-slate-700">
                    <Issues code={code} />
                    {pool !== undefined && (
                      <p className={pool.on ? 'mt-1 text-xs text-slate-600' : 'mt-1 text-xs text-red-800'}>
                        {pool.on ? 'Backup codes ready.' : `Backup pool not turned on: ${pool.message}`}
                      </p>
                    )}
                  </td>
                  <td className="px-4 py-3 text-right whitespace-nowrap">
                    <Link
                      href={`/w/${workspaceId}/access-codes/${code.access_code_id}`}
                      className="font-medium text-brand-700 hover:text-brand-800 hover:underline"
                    >
                      Open code<span className="sr-only"> on {lock?.device_name ?? 'this lock'}</span>
                    </Link>
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
    </div>
  )
}

function Issues({ code }: { code: AccessCode }) {
  if (code.errors.length === 0 && code.warnings.length === 0) return <span className="text-slate-600">None.</span>
  return (
    <ul className="grid gap-2">
      {code.errors.map((e) => {
        const entry = describeIssue('error', e.error_code)
        return (
          <li key={`error-${e.error_code}`}>
            <p className="font-medium text-red-800">
              <span className="sr-only">Error: </span>
              {entry.title}
            </p>
            <p className="text-xs text-slate-700">{entry.whatToDo}</p>
          </li>
        )
      })}
      {code.warnings.map((w) => {
        const entry = describeIssue('warning', w.warning_code)
        return (
          <li key={`warning-${w.warning_code}`}>
            <p className="font-medium text-amber-900">
              <span className="sr-only">Warning: </span>
              {entry.title}
            </p>
            <p className="text-xs text-slate-700">{entry.whatToDo}</p>
          </li>
        )
      })}
    </ul>
  )
}
