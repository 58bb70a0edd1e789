import type { Metadata } from 'next'
import { BulkCodes } from '@/components/bulk/bulk-codes'
import { loadBulkPage } from '@/lib/dashboard/bulk-page'
import { loadPage } from '@/lib/server/service-context'

export const metadata: Metadata = { title: 'Bulk codes' }

export default async function BulkCodesPage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params
  const page = await loadPage(workspaceId, loadBulkPage)
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Bulk codes</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          Put one code on many locks at once: a guest’s PIN on the unit door and the shared doors, or the cleaners’ PIN
          on every door of a property. Latchkey checks every lock first (its PIN rules, free slots, the PINs already on
          it, whether it is online) and sends nothing until you create the codes.
        </p>
      </header>
      <BulkCodes properties={page.properties} />
    </div>
  )
}
