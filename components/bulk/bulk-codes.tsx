'use client'

import { useRouter } from 'next/navigation'
import { useCallback, useEffect, useRef, useState } from 'react'
import { BulkCodeForm } from '@/components/bulk/bulk-code-form'
import { CheckTable } from '@/components/bulk/check-table'
import { ResultsTable } from '@/components/bulk/results-table'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Spinner } from '@/components/ui/spinner'
import { failureMessage } from '@/lib/client/form-errors'
import { useCheckMultiple } from '@/lib/client/use-check-multiple'
import { useCreateMultipleAccessCodes, type CreatedCodes } from '@/lib/client/use-create-multiple-access-codes'
import { sentence } from '@/lib/schemas/access-code-form'
import {
  emptyBulkCodeFormValues,
  sameBulkRequest,
  toCreateMultipleBody,
  type BulkCodeFormValues,
  type BulkProperty,
  type CreateMultipleAccessCodesBody,
} from '@/lib/schemas/bulk-code-form'
import type { CheckCreateMultipleResponse } from '@/lib/schemas/lock-check'

interface Checked {
  values: BulkCodeFormValues
  body: CreateMultipleAccessCodesBody
  answer: CheckCreateMultipleResponse
  /** The form has changed since: the check no longer describes it. */
  stale: boolean
}

/**
 * The bulk page's flow: the form, then the check of every lock (nothing is sent yet), then one create_multiple call
 * with the PIN that was checked, then each code's live status.
 */
export function BulkCodes({ properties }: { properties: readonly BulkProperty[] }) {
  const router = useRouter()
  const check = useCheckMultiple()
  const generate = useCheckMultiple()
  const create = useCreateMultipleAccessCodes()
  const [checked, setChecked] = useState<Checked | undefined>()
  const [created, setCreated] = useState<CreatedCodes | undefined>()
  const [createError, setCreateError] = useState<string | undefined>()
  const [round, setRound] = useState(0)
  const checkHeading = useRef<HTMLHeadingElement>(null)
  const resultsHeading = useRef<HTMLHeadingElement>(null)

  const defaultValues = useState(() => ({
    ...emptyBulkCodeFormValues(),
    timezone: properties[0]?.timezone ?? 'UTC',
  }))[0]

  const onEdited = useCallback(
    (values: BulkCodeFormValues) =>
      setChecked((c) => {
        const stale = c !== undefined && !sameBulkRequest(c.values, values)
        return c === undefined || c.stale === stale ? c : { ...c, stale }
      }),
    [],
  )

  const onCheck = async (values: BulkCodeFormValues) => {
    setCreateError(undefined)
    const body = toCreateMultipleBody(values)
    const answer = await check.mutateAsync(body)
    setChecked({ values, body, answer, stale: false })
  }

  const onGenerate = async (values: BulkCodeFormValues): Promise<string> => {
    // The check's pick for these locks, whatever else the form holds: only the locks (and the length rule) matter.
    const answer = await generate.mutateAsync({ device_ids: values.deviceIds })
    if (answer.code === null) throw new Error('No PIN suits every one of these locks: leave the PIN empty and check.')
    return answer.code
  }

  const onCreate = async () => {
    if (checked === undefined) return
    setCreateError(undefined)
    const { values, answer } = checked
    const withPool =
      values.type === 'time_bound' && values.useBackupPool
        ? properties.flatMap((p) =>
            p.locks.filter((l) => l.supportsBackupPool && values.deviceIds.includes(l.deviceId)).map((l) => l.deviceId),
          )
        : []
    try {
      // The PIN the check was made with (typed, or picked by the check), so what was checked is what is created.
      const result = await create.mutateAsync({
        body: toCreateMultipleBody(values, answer.code),
        backupPoolDeviceIds: withPool,
      })
      setCreated(result)
    } catch (error) {
      setCreateError(sentence(failureMessage(error)))
    }
  }

  const startOver = () => {
    setChecked(undefined)
    setCreated(undefined)
    setCreateError(undefined)
    setRound((n) => n + 1)
    // The picker's free slots count the codes just created.
    router.refresh()
  }

  const answer = checked?.answer
  // Each new answer takes the focus to what it says (a check marked stale keeps its answer, and the focus stays).
  useEffect(() => {
    if (answer !== undefined) checkHeading.current?.focus()
  }, [answer])
  useEffect(() => {
    if (created !== undefined) resultsHeading.current?.focus()
  }, [created])

  const window =
    checked?.body.starts_at !== undefined && checked.body.ends_at !== undefined
      ? { startsAt: checked.body.starts_at, endsAt: checked.body.ends_at }
      : null
  const lockCount = answer?.checks.length ?? 0
  const warnings = answer?.checks.some((c) => c.problems.length > 0) ?? false

  return (
    <div className="grid min-w-0 gap-6">
      <BulkCodeForm
        key={round}
        properties={properties}
        defaultValues={defaultValues}
        onCheck={onCheck}
        onGenerate={onGenerate}
        onEdited={onEdited}
        isChecking={check.isPending}
        disabled={create.isPending || created !== undefined}
      />

      {checked !== undefined && answer !== undefined && (
        <section
          aria-labelledby="bulk-check-heading"
          className="min-w-0 rounded-lg border border-slate-200 bg-white shadow-sm"
        >
          <div className="border-b border-slate-200 px-4 py-3 sm:px-5">
            <h2
              id="bulk-check-heading"
              ref={checkHeading}
              tabIndex={-1}
              className="text-base font-semibold text-slate-900 focus:outline-none"
            >
              Check of {lockCount} {lockCount === 1 ? 'lock' : 'locks'}
            </h2>
            <p className="mt-0.5 text-sm text-slate-600">Nothing has been sent to the locks yet.</p>
          </div>
          <div className="grid gap-3 px-4 py-4 sm:px-5">
            <Alert
              tone={!answer.can_create ? 'danger' : warnings ? 'warning' : 'success'}
              title={answer.can_create ? 'Ready to create' : 'Cannot create as it is'}
            >
              {answer.summary}
            </Alert>
            {checked.stale && (
              <Alert tone="warning" title="The form has changed since this check">
                Check the locks again before creating.
              </Alert>
            )}
          </div>
          <div className="border-t border-slate-200">
            <CheckTable checks={answer.checks} code={answer.code} window={window} stale={checked.stale} />
          </div>
          {created === undefined && (
            <div className="flex flex-col gap-3 border-t border-slate-200 px-4 py-4 sm:flex-row sm:items-center sm:justify-end sm:px-5">
              {createError !== undefined && (
                <Alert tone="danger" title="Nothing was created" className="sm:mr-auto">
                  {createError}
                </Alert>
              )}
              {!answer.can_create && (
                <p className="text-sm text-slate-700 sm:mr-auto">
                  Leave out the refused locks, change the code, or choose “Give those locks their own PIN”, then check
                  again.
                </p>
              )}
              <Button
                onClick={() => void onCreate()}
                disabled={!answer.can_create || checked.stale || create.isPending}
              >
                {create.isPending && <Spinner />}
                {create.isPending ? 'Creating…' : `Create on ${lockCount} ${lockCount === 1 ? 'lock' : 'locks'}`}
              </Button>
            </div>
          )}
        </section>
      )}

      {created !== undefined && answer !== undefined && (
        <section
          aria-labelledby="bulk-results-heading"
          className="min-w-0 rounded-lg border border-slate-200 bg-white shadow-sm"
        >
          <div className="flex flex-wrap items-start justify-between gap-3 border-b border-slate-200 px-4 py-3 sm:px-5">
            <div>
              <h2
                id="bulk-results-heading"
                ref={resultsHeading}
                tabIndex={-1}
                className="text-base font-semibold text-slate-900 focus:outline-none"
              >
                Codes created
              </h2>
              <p className="mt-0.5 text-sm text-slate-600">Each status follows its lock live.</p>
            </div>
            <Button variant="secondary" onClick={startOver}>
              Put another code on locks
            </Button>
          </div>
          <ResultsTable created={created.accessCodes} checks={answer.checks} backupPool={created.backupPool} />
        </section>
      )}
    </div>
  )
}
