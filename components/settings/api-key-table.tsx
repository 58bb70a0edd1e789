import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import type { ApiKey } from '@/lib/schemas/api-key'

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' })
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'long' })

function DateText({ iso }: { iso: string }) {
  const date = new Date(iso)
  return (
    <time dateTime={iso} title={dateTimeFormat.format(date)}>
      {dateFormat.format(date)}
    </time>
  )
}

/** The key's first characters, all that is ever shown of it after creation. */
export function KeyPrefix({ prefix }: { prefix: string }) {
  return (
    <code
      className="font-mono text-xs text-slate-700"
      title="The key’s first characters; the rest is never shown again"
    >
      {prefix}…
    </code>
  )
}

function KeyStatus({ apiKey }: { apiKey: ApiKey }) {
  if (apiKey.revoked_at === null) return <Badge tone="success">Active</Badge>
  return (
    <span className="inline-flex flex-wrap items-center gap-x-1.5 gap-y-0.5">
      <Badge tone="neutral">Revoked</Badge>
      <span className="text-xs whitespace-nowrap text-slate-600">
        <DateText iso={apiKey.revoked_at} />
      </span>
    </span>
  )
}

const columns = [
  { label: 'Name', className: 'px-4 py-2 font-medium sm:px-5' },
  { label: 'Key', className: 'hidden px-4 py-2 font-medium sm:table-cell' },
  { label: 'Created', className: 'hidden px-4 py-2 font-medium md:table-cell' },
  { label: 'Status', className: 'hidden px-4 py-2 font-medium sm:table-cell' },
  { label: 'Actions', className: 'px-4 py-2 sm:px-5', srOnly: true },
] as const

/** The workspace's keys, with a Revoke button on each active one. */
export function ApiKeyTable({ keys, onRevoke }: { keys: ApiKey[]; onRevoke(key: ApiKey): void }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <thead className="border-b border-slate-200 bg-slate-50 text-xs font-medium text-slate-600">
          <tr>
            {columns.map((column) => (
              <th key={column.label} scope="col" className={column.className}>
                {'srOnly' in column ? <span className="sr-only">{column.label}</span> : column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {keys.map((key) => (
            <tr key={key.api_key_id} className={key.revoked_at !== null ? 'text-slate-500' : undefined}>
              <td className="px-4 py-3 align-middle sm:px-5">
                <span className={key.revoked_at !== null ? 'font-medium' : 'font-medium text-slate-900'}>
                  {key.name}
                </span>
                {/* On a phone the other columns fold in under the name. */}
                <span className="mt-1 flex flex-wrap items-center gap-x-2 gap-y-1 sm:hidden">
                  <KeyStatus apiKey={key} />
                  <KeyPrefix prefix={key.key_prefix} />
                </span>
                <span className="mt-0.5 block text-xs text-slate-600 md:hidden">
                  Created <DateText iso={key.created_at} />
                </span>
              </td>
              <td className="hidden px-4 py-3 align-middle sm:table-cell">
                <KeyPrefix prefix={key.key_prefix} />
              </td>
              <td className="hidden px-4 py-3 align-middle whitespace-nowrap text-slate-700 md:table-cell">
                <DateText iso={key.created_at} />
              </td>
              <td className="hidden px-4 py-3 align-middle sm:table-cell">
                <KeyStatus apiKey={key} />
              </td>
              <td className="px-4 py-3 text-right align-middle sm:px-5">
                {key.revoked_at === null && (
                  <Button
                    variant="secondary"
                    size="sm"
                    onClick={() => onRevoke(key)}
                    aria-label={`Revoke key “${key.name}”`}
                  >
                    Revoke
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
