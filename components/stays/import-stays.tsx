'use client'

import { useId, useMemo, useRef, useState, type ChangeEvent } from 'react'
import { ImportRowsTable } from '@/components/stays/import-rows-table'
import { Alert } from '@/components/ui/alert'
import { Badge } from '@/components/ui/badge'
import { Button, ButtonLink } from '@/components/ui/button'
import { Card, CardBody, CardHeader } from '@/components/ui/card'
import { cx } from '@/components/ui/cx'
import { Field, SelectInput } from '@/components/ui/field'
import { Spinner } from '@/components/ui/spinner'
import {
  fileProblem,
  filterImportRows,
  groupImportProblems,
  importCount,
  problemFilter,
  summarySentence,
  type ImportRowFilter,
} from '@/lib/client/import-stays-model'
import { failureMessage } from '@/lib/client/form-errors'
import { useImportStays } from '@/lib/client/use-import-stays'
import { useWorkspaceId } from '@/lib/client/workspace-context'
import type { ImportStaysResponse } from '@/lib/schemas/stay'

/**
 * The CSV import: a file chosen or its text pasted, a preview (a dry run: every row planned against each lock, nothing
 * written), then the import of the rows without errors, and what it did, with links to the stays.
 */
export function ImportStays({ lockNames }: { lockNames: Record<string, string> }) {
  const workspaceId = useWorkspaceId()
  const ids = { file: useId(), text: useId(), filter: useId() }
  const fileInput = useRef<HTMLInputElement>(null)
  const [text, setText] = useState('')
  const [fileName, setFileName] = useState<string | undefined>()
  const [sourceError, setSourceError] = useState<string | undefined>()
  const [preview, setPreview] = useState<{ text: string; answer: ImportStaysResponse } | undefined>()
  const [result, setResult] = useState<ImportStaysResponse | undefined>()
  const [failure, setFailure] = useState<string | undefined>()
  const [filter, setFilter] = useState<ImportRowFilter>('all')
  const importStays = useImportStays()
  const busy = importStays.isPending

  // A preview is of the text it was made from: once the text changes, it no longer stands.
  const current = preview !== undefined && preview.text === text ? preview.answer : undefined
  const groups = useMemo(() => (current === undefined ? [] : groupImportProblems(current.rows)), [current])
  const rows = useMemo(() => (current === undefined ? [] : filterImportRows(current.rows, filter)), [current, filter])

  const changeText = (next: string): void => {
    setText(next)
    setResult(undefined)
    setFailure(undefined)
  }

  const chooseFile = async (event: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const file = event.target.files?.[0]
    if (file === undefined) return
    const problem = fileProblem(file)
    setSourceError(problem)
    if (problem !== undefined) return
    setFileName(file.name)
    changeText(await file.text())
  }

  const send = async (dryRun: boolean): Promise<void> => {
    setFailure(undefined)
    if (text.trim() === '') {
      setSourceError('Choose a CSV file, or paste its text.')
      return
    }
    try {
      const answer = await importStays.mutateAsync({ csv: text, dry_run: dryRun })
      if (dryRun) {
        setPreview({ text, answer })
        setFilter('all')
      } else {
        setResult(answer)
        setPreview(undefined)
      }
    } catch (error) {
      setFailure(failureMessage(error))
    }
  }

  const startAgain = (): void => {
    setText('')
    setFileName(undefined)
    setPreview(undefined)
    setResult(undefined)
    setFailure(undefined)
    if (fileInput.current !== null) fileInput.current.value = ''
  }

  if (result !== undefined) {
    const written = result.rows.filter((r) => r.action === 'create' || r.action === 'update')
    return (
      <Card>
        <CardHeader title="Import done" />
        <CardBody className="space-y-4">
          <Alert tone={result.summary.error > 0 ? 'warning' : 'success'}>{summarySentence(result)}</Alert>
          {result.rows.length > 0 && (
            <ImportRowsTable
              rows={[...written, ...result.rows.filter((r) => r.action !== 'create' && r.action !== 'update')]}
              dryRun={false}
              lockNames={lockNames}
              workspaceId={workspaceId}
              caption="What the import did, row by row"
            />
          )}
          <div className="flex flex-wrap gap-2">
            <ButtonLink href={`/w/${workspaceId}/stays`}>Go to the stays</ButtonLink>
            <Button variant="secondary" onClick={startAgain}>
              Import another file
            </Button>
          </div>
        </CardBody>
      </Card>
    )
  }

  const writes = current === undefined ? 0 : importCount(current.summary)
  return (
    <div className="space-y-6">
      <Card>
        <CardHeader
          title="The file"
          description="A CSV export of your booking system, with the columns listed under Columns. Nothing is written until you import."
        />
        <CardBody className="space-y-4">
          <div className="grid gap-4 lg:grid-cols-2">
            <Field
              id={ids.file}
              label="Choose a file"
              hint={fileName === undefined ? '.csv, UTF-8' : `Read ${fileName}.`}
            >
              <input
                ref={fileInput}
                id={ids.file}
                type="file"
                accept=".csv,text/csv,text/plain"
                aria-describedby={`${ids.file}-hint`}
                onChange={(event) => void chooseFile(event)}
                className="block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-2 file:text-sm file:font-medium file:text-slate-800 hover:file:bg-slate-50"
              />
            </Field>
            <p className="text-sm text-slate-700 lg:pt-7">
              Not sure of the format?{' '}
              <a href="/examples/stays.csv" download className="font-medium text-brand-700 hover:underline">
                Download the example file (stays.csv)
              </a>
              , fill it in, and choose it here.
            </p>
          </div>
          <div>
            <label htmlFor={ids.text} className="block text-sm font-medium text-slate-800">
              Or paste the file’s text
            </label>
            <textarea
              id={ids.text}
              value={text}
              rows={8}
              spellCheck={false}
              placeholder={
                'reservation_key,guest_name,property,locks,check_in,check_out,code\nHMA-1042,Ada Smith,Aspen Ridge Lodge,Front door;Unit 1A,2026-03-06 15:00,2026-03-08 11:00,'
              }
              onChange={(event) => {
                setFileName(undefined)
                setSourceError(undefined)
                changeText(event.target.value)
              }}
              className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-xs text-slate-900 shadow-sm placeholder:text-slate-400"
            />
          </div>
          {sourceError !== undefined && (
            <Alert tone="danger" title="Nothing to preview yet">
              {sourceError}
            </Alert>
          )}
          {failure !== undefined && (
            <Alert tone="danger" title="The file cannot be imported">
              {failure} Nothing was written.
            </Alert>
          )}
          <div className="flex flex-wrap items-center gap-3">
            <Button onClick={() => void send(true)} disabled={busy}>
              {busy && importStays.variables?.dry_run === true && <Spinner />}
              {preview !== undefined && current === undefined ? 'Preview again' : 'Preview'}
            </Button>
            {preview !== undefined && current === undefined && (
              <span className="text-sm text-slate-600">The text changed since the preview: preview it again.</span>
            )}
          </div>
        </CardBody>
      </Card>

      {current !== undefined && (
        <Card>
          <CardHeader
            title="Preview"
            description="What the import would do, row by row. Nothing has been written yet."
          />
          <CardBody className="space-y-4">
            <p role="status" className="text-sm font-medium text-slate-900">
              {summarySentence(current)}
            </p>
            <ul className="flex flex-wrap gap-2" aria-label="Rows by what happens">
              <li>
                <Badge tone="info">{current.summary.create.toLocaleString('en-US')} to create</Badge>
              </li>
              <li>
                <Badge tone="progress">{current.summary.update.toLocaleString('en-US')} to update</Badge>
              </li>
              <li>
                <Badge tone="neutral">{current.summary.unchanged.toLocaleString('en-US')} unchanged</Badge>
              </li>
              <li>
                <Badge tone={current.summary.error > 0 ? 'danger' : 'neutral'}>
                  {current.summary.error.toLocaleString('en-US')} with errors (skipped)
                </Badge>
              </li>
            </ul>

            {groups.length > 0 && (
              <section aria-labelledby="problem-kinds" className="space-y-2">
                <h3 id="problem-kinds" className="text-sm font-semibold text-slate-900">
                  Problems by kind
                </h3>
                <ul className="flex flex-wrap gap-2">
                  {groups.map((group) => {
                    const value = problemFilter(group.problem)
                    return (
                      <li key={`${group.severity}-${group.problem}`}>
                        <button
                          type="button"
                          aria-pressed={filter === value}
                          onClick={() => setFilter(filter === value ? 'all' : value)}
                          className={cx(
                            'inline-flex items-center gap-1.5 rounded-full border px-3 py-1 text-left text-sm',
                            group.severity === 'error'
                              ? 'border-red-200 bg-red-50 text-red-900 aria-pressed:ring-2 aria-pressed:ring-red-400'
                              : 'border-amber-200 bg-amber-50 text-amber-950 aria-pressed:ring-2 aria-pressed:ring-amber-400',
                          )}
                        >
                          <span className="sr-only">{group.severity === 'error' ? 'Error: ' : 'Warning: '}</span>
                          {group.label}
                          <span className="font-semibold tabular-nums">
                            {group.rows.toLocaleString('en-US')}
                            <span className="sr-only"> {group.rows === 1 ? 'row' : 'rows'}</span>
                          </span>
                        </button>
                      </li>
                    )
                  })}
                </ul>
              </section>
            )}

            <div className="flex flex-wrap items-end gap-3">
              <Field id={ids.filter} label="Show" className="w-full sm:w-80">
                <SelectInput
                  id={ids.filter}
                  value={filter}
                  onChange={(event) => setFilter(event.target.value as ImportRowFilter)}
                >
                  <option value="all">Every row ({current.rows.length.toLocaleString('en-US')})</option>
                  <option value="errors">Rows with errors, which are skipped</option>
                  <option value="warnings">Rows with warnings</option>
                  {groups.map((group) => (
                    <option key={`${group.severity}-${group.problem}`} value={problemFilter(group.problem)}>
                      {group.label} ({group.rows})
                    </option>
                  ))}
                </SelectInput>
              </Field>
              <p className="pb-2 text-sm text-slate-600">
                {rows.length.toLocaleString('en-US')} {rows.length === 1 ? 'row' : 'rows'} shown
              </p>
            </div>

            {rows.length === 0 ? (
              <p className="text-sm text-slate-600">No row matches this choice.</p>
            ) : (
              <ImportRowsTable
                key={filter}
                rows={rows}
                dryRun
                lockNames={lockNames}
                workspaceId={workspaceId}
                caption="The rows of the file and what the import would do with each"
              />
            )}

            <div className="flex flex-col gap-2 border-t border-slate-200 pt-4 sm:flex-row sm:items-center">
              <Button onClick={() => void send(false)} disabled={busy || writes === 0}>
                {busy && importStays.variables?.dry_run === false && <Spinner />}
                {writes === 0
                  ? 'Nothing to import'
                  : `Import ${writes.toLocaleString('en-US')} ${writes === 1 ? 'stay' : 'stays'}`}
              </Button>
              <p className="text-sm text-slate-600">
                {current.summary.error > 0
                  ? `The ${current.summary.error.toLocaleString('en-US')} ${current.summary.error === 1 ? 'row' : 'rows'} with errors ${current.summary.error === 1 ? 'is' : 'are'} skipped: nothing of ${current.summary.error === 1 ? 'it' : 'them'} is written. `
                  : ''}
                Each stay is written whole, on all its doors, or not at all.
              </p>
            </div>
          </CardBody>
        </Card>
      )}
    </div>
  )
}
