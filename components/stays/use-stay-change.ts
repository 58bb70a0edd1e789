'use client'

import { useState } from 'react'
import { failureMessage } from '@/lib/client/form-errors'
import { problemsOfError } from '@/lib/client/stays-form-model'
import type { StayPlan, StayWriteResponse } from '@/lib/schemas/stay'

/** A write of the stays API: sent once as a dry run (the preview), then for real. */
interface StayWrite<Body> {
  mutateAsync(body: Body & { dry_run: boolean }): Promise<StayWriteResponse>
}

export interface StayChange<Body> {
  /** The previewed request and the plan the dry run answered; undefined before a preview. */
  preview: { body: Body; plan: StayPlan } | undefined
  /** What went wrong that is not a plan's problem (a network failure, a stay changed meanwhile…). */
  failure: string | undefined
  busy: 'preview' | 'apply' | undefined
  /** Asks for the plan of `body` (a dry run): nothing changes. */
  previewChange(body: Body): Promise<void>
  /** Sends the previewed request; on success hands the answer on, and the preview is closed. */
  apply(): Promise<StayWriteResponse | undefined>
  reset(): void
}

const errorPlan = (problems: StayPlan['problems']): StayPlan => ({ action: 'error', doors: [], problems })

/**
 * Preview, then apply: the flow every change of a stay follows (a shift, doors, a PIN, a new stay). A refused write
 * whose error carries the plan's problems (`stay_cannot_be_scheduled`) shows them as a preview would.
 */
export function useStayChange<Body extends object>(
  write: StayWrite<Body>,
  {
    onError,
  }: {
    /** Puts an error where it belongs (a form's field) and answers what is left to say, if anything. */
    onError?: (error: unknown) => string | undefined
  } = {},
): StayChange<Body> {
  const [preview, setPreview] = useState<{ body: Body; plan: StayPlan } | undefined>()
  const [failure, setFailure] = useState<string | undefined>()
  const [busy, setBusy] = useState<'preview' | 'apply' | undefined>()

  const run = async (body: Body, dryRun: boolean): Promise<StayWriteResponse | undefined> => {
    setBusy(dryRun ? 'preview' : 'apply')
    setFailure(undefined)
    try {
      const answer = await write.mutateAsync({ ...body, dry_run: dryRun })
      setPreview(dryRun ? { body, plan: answer.plan } : undefined)
      return answer
    } catch (error) {
      const problems = problemsOfError(error)
      if (problems !== undefined) setPreview({ body, plan: errorPlan(problems) })
      else setFailure(onError === undefined ? failureMessage(error) : onError(error))
      return undefined
    } finally {
      setBusy(undefined)
    }
  }

  return {
    preview,
    failure,
    busy,
    previewChange: async (body) => {
      await run(body, true)
    },
    apply: async () => (preview === undefined ? undefined : run(preview.body, false)),
    reset: () => {
      setPreview(undefined)
      setFailure(undefined)
    },
  }
}
