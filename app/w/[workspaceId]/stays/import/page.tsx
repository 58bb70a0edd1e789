import type { Metadata } from 'next'
import { CodeBreadcrumb } from '@/components/access-codes/code-breadcrumb'
import { ImportColumns } from '@/components/stays/import-columns'
import { ImportStays } from '@/components/stays/import-stays'
import { Card, CardBody, CardHeader } from '@/components/ui/card'
import { loadStaysImportPage } from '@/lib/dashboard/stay-form-page'
import { loadPage } from '@/lib/server/service-context'

export const metadata: Metadata = { title: 'Import stays' }

export default async function ImportStaysPage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params
  const page = await loadPage(workspaceId, loadStaysImportPage)

  return (
    <div className="space-y-6">
      <CodeBreadcrumb crumbs={[{ label: 'Stays', href: `/w/${workspaceId}/stays` }, { label: 'Import CSV' }]} />
      <header>
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Import stays from a CSV file</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          Next month’s reservations from your booking system, all at once. The preview checks every row against each
          lock (its PIN rules, free slots, PINs already on it) and writes nothing; then the rows without errors are
          imported. Importing the same file again changes nothing; a row whose times changed moves that stay on all its
          doors.
        </p>
      </header>
      <div className="grid items-start gap-6 xl:grid-cols-3">
        <div className="min-w-0 xl:col-span-2">
          <ImportStays lockNames={page.lockNames} />
        </div>
        <Card>
          <CardHeader title="Columns" />
          <CardBody>
            <ImportColumns />
          </CardBody>
        </Card>
      </div>
    </div>
  )
}
