'use client'

import { zodResolver } from '@hookform/resolvers/zod'
import Link from 'next/link'
import { useId, useState } from 'react'
import { useForm } from 'react-hook-form'
import { SimulationResult, type SimulationOutcome } from '@/components/devices/simulation-result'
import { Button } from '@/components/ui/button'
import { Field, SelectInput, TextField } from '@/components/ui/field'
import { Spinner } from '@/components/ui/spinner'
import { applyApiErrorToForm } from '@/lib/client/form-errors'
import { keypadEntryFormInput, refusalHeading, type KeypadEntryFormInput } from '@/lib/client/simulate-forms'
import { useAccessCodes } from '@/lib/client/use-access-codes'
import { useSimulateKeypadEntry } from '@/lib/client/use-simulate-keypad-entry'
import { useWorkspaceId } from '@/lib/client/workspace-context'
import type { KeypadCodeEntry } from '@/lib/schemas/simulate'
import { codeDisplayName } from '@/lib/shared/code-name'

function outcomeOf(entry: KeypadCodeEntry, workspaceId: string, deviceId: string): SimulationOutcome {
  const codeHref =
    entry.access_code_id !== null && entry.access_code_is_managed === true && !entry.used_up
      ? `/w/${workspaceId}/access-codes/${entry.access_code_id}`
      : undefined
  const activityHref = `/w/${workspaceId}/activity?device_id=${deviceId}&type=door`
  return {
    tone: entry.unlocked ? 'success' : 'danger',
    title: entry.unlocked ? 'The door opened' : refusalHeading(entry.reason),
    body: (
      <>
        <p>{entry.message}</p>
        {entry.used_up && <p className="mt-1">It was a one-time code: the lock has used it up.</p>}
        <p className="mt-1">
          {entry.event_id === null ? (
            'The lock reported nothing, so no event was recorded.'
          ) : (
            <>
              Recorded as{' '}
              <code className="font-mono text-xs">{entry.unlocked ? 'lock.unlocked' : 'lock.access_denied'}</code>
              {' · '}
              <Link href={activityHref} className="font-medium underline">
                See the lock’s door activity
              </Link>
            </>
          )}
          {codeHref !== undefined && (
            <>
              {' · '}
              <Link href={codeHref} className="font-medium underline">
                Open the code
              </Link>
            </>
          )}
        </p>
      </>
    ),
  }
}

/**
 * Someone types a PIN at the lock (/devices/simulate/keypad_code_entry): the answer says whether the door opened and
 * exactly why not, as support needs it when a guest stands at a door that stays locked.
 */
export function SimulateKeypadEntryForm({ deviceId }: { deviceId: string }) {
  const workspaceId = useWorkspaceId()
  const pickId = useId()
  const pinId = useId()
  const entry = useSimulateKeypadEntry(deviceId)
  const { data } = useAccessCodes(deviceId, { enabled: false })
  const codes = (data?.codes ?? []).filter((c) => c.code !== null && c.code !== undefined)
  const [outcome, setOutcome] = useState<SimulationOutcome | undefined>()
  const form = useForm<KeypadEntryFormInput>({
    resolver: zodResolver(keypadEntryFormInput),
    defaultValues: { code: '' },
  })
  const { errors, isSubmitting } = form.formState

  const onSubmit = form.handleSubmit(async (values) => {
    setOutcome(undefined)
    try {
      setOutcome(outcomeOf(await entry.mutateAsync(values.code), workspaceId, deviceId))
    } catch (error) {
      const message = applyApiErrorToForm(error, form.setError, { code: 'code' })
      if (message !== undefined) setOutcome({ tone: 'danger', title: 'Could not enter the PIN', body: message })
    }
  })

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3">
      <p className="text-sm text-slate-600">
        Type a PIN at this lock’s keypad, as a guest would, and see whether the door opens and why not.
      </p>
      <div className="flex flex-wrap items-end gap-3">
        {codes.length > 0 && (
          <Field id={pickId} label="Use the PIN of" className="w-full sm:w-64">
            <SelectInput
              id={pickId}
              defaultValue=""
              onChange={(event) => {
                if (event.target.value !== '') form.setValue('code', event.target.value, { shouldValidate: true })
              }}
            >
              <option value="">Choose a code…</option>
              {codes.map((c) => (
                <option key={c.access_code_id} value={c.code ?? ''}>
                  {codeDisplayName(c)} ({c.code})
                </option>
              ))}
            </SelectInput>
          </Field>
        )}
        <TextField
          id={pinId}
          label="PIN"
          inputMode="numeric"
          autoComplete="off"
          fieldClassName="w-full sm:w-40"
          error={errors.code?.message}
          {...form.register('code')}
        />
        <Button type="submit" disabled={isSubmitting}>
          {isSubmitting && <Spinner />}
          Enter PIN
        </Button>
      </div>
      <SimulationResult outcome={outcome} />
    </form>
  )
}
