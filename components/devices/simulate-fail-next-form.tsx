'use client'

import { zodResolver } from '@hookform/resolvers/zod'
import { useId, useState } from 'react'
import { useForm } from 'react-hook-form'
import { SimulationResult, type SimulationOutcome } from '@/components/devices/simulation-result'
import { Button } from '@/components/ui/button'
import { TextField } from '@/components/ui/field'
import { Spinner } from '@/components/ui/spinner'
import { applyApiErrorToForm } from '@/lib/client/form-errors'
import { failNextFormInput, MAX_REFUSALS, type FailNextFormInput } from '@/lib/client/simulate-forms'
import { useFailNextOperations } from '@/lib/client/use-fail-next-operations'

const times = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`

/** The lock refuses its next programming requests and/or removals (/devices/simulate/fail_next_operations). */
export function SimulateFailNextForm({ deviceId }: { deviceId: string }) {
  const ids = { set: useId(), remove: useId() }
  const failNext = useFailNextOperations(deviceId)
  const [outcome, setOutcome] = useState<SimulationOutcome | undefined>()
  const form = useForm<FailNextFormInput>({
    resolver: zodResolver(failNextFormInput),
    defaultValues: { set: 3, remove: 0 },
  })
  const { errors, isSubmitting } = form.formState
  const asNumber = { setValueAs: (v: string) => (v === '' ? Number.NaN : Number(v)) }

  const onSubmit = form.handleSubmit(async (values) => {
    setOutcome(undefined)
    try {
      await failNext.mutateAsync(values)
      setOutcome(
        values.set === 0 && values.remove === 0
          ? { tone: 'info', title: 'The lock takes requests again', body: 'No refusals are left.' }
          : {
              tone: 'success',
              title: `The lock refuses its next ${[
                ...(values.set > 0 ? [times(values.set, 'programming request')] : []),
                ...(values.remove > 0 ? [times(values.remove, 'removal')] : []),
              ].join(' and ')}`,
              body: 'Latchkey retries, later and later; after three refusals in a row the code shows failed_to_set_on_device (or failed to remove).',
            },
      )
    } catch (error) {
      const message = applyApiErrorToForm(error, form.setError, { set: 'set', remove: 'remove' })
      if (message !== undefined) setOutcome({ tone: 'danger', title: 'Could not make the lock refuse', body: message })
    }
  })

  return (
    <form onSubmit={onSubmit} noValidate>
      <div className="flex flex-wrap items-end gap-3">
        <TextField
          id={ids.set}
          label="Programming requests"
          type="number"
          inputMode="numeric"
          min={0}
          max={MAX_REFUSALS}
          fieldClassName="w-full sm:w-44"
          error={errors.set?.message}
          {...form.register('set', asNumber)}
        />
        <TextField
          id={ids.remove}
          label="Removals"
          type="number"
          inputMode="numeric"
          min={0}
          max={MAX_REFUSALS}
          fieldClassName="w-full sm:w-32"
          error={errors.remove?.message}
          {...form.register('remove', asNumber)}
        />
        <Button type="submit" variant="secondary" disabled={isSubmitting}>
          {isSubmitting && <Spinner />}
          Refuse them
        </Button>
      </div>
      <p className="mt-1 text-xs text-slate-600">0 and 0 makes the lock take requests again.</p>
      <SimulationResult outcome={outcome} />
    </form>
  )
}
