'use client'

import { zodResolver } from '@hookform/resolvers/zod'
import { useState } from 'react'
import { useForm, useWatch } from 'react-hook-form'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { ConfirmDialog } from '@/components/ui/confirm-dialog'
import { describedBy, Field, SelectInput, TextField } from '@/components/ui/field'
import { Spinner } from '@/components/ui/spinner'
import { applyApiErrorToForm } from '@/lib/client/form-errors'
import {
  capitalise,
  faultGroups,
  faultLabel,
  producesInWords,
  takesOperations,
} from '@/lib/client/sandbox-faults-model'
import { useSimulateFault } from '@/lib/client/use-simulate-fault'
import type { SandboxFaultView } from '@/lib/schemas/device'
import { MAX_FAULT_OPERATIONS, simulateFaultFormInput, type SimulateFaultFormInput } from '@/lib/schemas/simulate'

function FaultFacts({ fault }: { fault: SandboxFaultView }) {
  return (
    <dl className="grid gap-2 rounded-md bg-slate-50 px-3 py-2.5 text-sm sm:grid-cols-[9rem_minmax(0,1fr)] sm:gap-x-3">
      <dt className="font-medium text-slate-600">What happens</dt>
      <dd className="text-slate-900">{capitalise(fault.lock_does)}</dd>
      <dt className="font-medium text-slate-600">Codes show</dt>
      <dd className="font-mono text-xs leading-5 wrap-anywhere text-slate-900">{producesInWords(fault)}</dd>
      <dt className="font-medium text-slate-600">How it clears</dt>
      <dd className="text-slate-900">{capitalise(fault.clears)}</dd>
    </dl>
  )
}

/**
 * Picks one of the lock's possible faults (grouped by how long they last, in plain words) and, for faults of single
 * operations, how many operations it affects. A fault that removes the lock asks first.
 */
export function SimulateFaultForm({
  deviceId,
  deviceName,
  faults,
  onSimulated,
}: {
  deviceId: string
  deviceName: string
  faults: readonly SandboxFaultView[]
  onSimulated(fault: SandboxFaultView): void
}) {
  const simulate = useSimulateFault(deviceId)
  const [failure, setFailure] = useState<string | undefined>()
  const [confirming, setConfirming] = useState<SimulateFaultFormInput | undefined>()
  const form = useForm<SimulateFaultFormInput>({
    resolver: zodResolver(simulateFaultFormInput),
    defaultValues: { fault: '' },
    shouldUnregister: true,
  })
  const { errors, isSubmitting } = form.formState
  const chosenCode = useWatch({ control: form.control, name: 'fault' })
  const chosen = faults.find((f) => f.fault === chosenCode)

  const send = async (values: SimulateFaultFormInput) => {
    const fault = faults.find((f) => f.fault === values.fault)
    if (fault === undefined) return
    setFailure(undefined)
    try {
      await simulate.mutateAsync(values)
      onSimulated(fault)
    } catch (error) {
      setFailure(applyApiErrorToForm(error, form.setError, { fault: 'fault', operations: 'operations' }))
    }
  }

  const onSubmit = form.handleSubmit(async (values) => {
    if (chosen?.lasts === 'permanent') setConfirming(values)
    else await send(values)
  })

  const faultError = errors.fault?.message
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3">
      {failure !== undefined && <Alert tone="danger">{failure}</Alert>}
      <Field id="simulate-fault" label="Fault" error={faultError}>
        <SelectInput
          id="simulate-fault"
          invalid={faultError !== undefined}
          aria-describedby={describedBy('simulate-fault', faultError, false)}
          {...form.register('fault')}
        >
          <option value="">Choose what goes wrong…</option>
          {faultGroups(faults).map((group) => (
            <optgroup key={group.label} label={group.label}>
              {group.faults.map((f) => (
                <option key={f.fault} value={f.fault}>
                  {faultLabel(f)}
                </option>
              ))}
            </optgroup>
          ))}
        </SelectInput>
      </Field>
      {chosen !== undefined && <FaultFacts fault={chosen} />}
      {chosen !== undefined && takesOperations(chosen) && (
        <TextField
          id="simulate-operations"
          label="Operations"
          hint={`How many of the lock’s next requests (or codes) it affects: 1 to ${MAX_FAULT_OPERATIONS}.`}
          type="number"
          inputMode="numeric"
          min={1}
          max={MAX_FAULT_OPERATIONS}
          defaultValue={1}
          fieldClassName="max-w-[12rem]"
          error={errors.operations?.message}
          {...form.register('operations', { setValueAs: (v: string) => (v === '' ? undefined : Number(v)) })}
        />
      )}
      <Button type="submit" disabled={isSubmitting || chosen === undefined}>
        {isSubmitting && <Spinner />}
        Simulate fault
      </Button>
      <ConfirmDialog
        open={confirming !== undefined}
        title={`Remove ${deviceName}?`}
        confirmLabel="Remove the lock"
        busy={simulate.isPending}
        onCancel={() => setConfirming(undefined)}
        onConfirm={() => {
          const values = confirming
          setConfirming(undefined)
          if (values !== undefined) void send(values)
        }}
      >
        The sandbox lock is removed from its maker account, as a real lock can be. This cannot be undone: its codes keep
        the device_removed error, and the lock no longer appears in Latchkey.
      </ConfirmDialog>
    </form>
  )
}
