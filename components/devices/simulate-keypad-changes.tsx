'use client'

import { zodResolver } from '@hookform/resolvers/zod'
import { useId, useState, type ReactNode } from 'react'
import { useForm } from 'react-hook-form'
import { SimulationResult, type SimulationOutcome } from '@/components/devices/simulation-result'
import { Button } from '@/components/ui/button'
import { ConfirmDialog } from '@/components/ui/confirm-dialog'
import { describedBy, Field, SelectInput, TextField } from '@/components/ui/field'
import { Spinner } from '@/components/ui/spinner'
import { applyApiErrorToForm, failureMessage } from '@/lib/client/form-errors'
import {
  codesOnKeypad,
  modifyOnKeypadFormInput,
  unmanagedCodeFormInput,
  type ModifyOnKeypadFormInput,
  type UnmanagedCodeFormInput,
} from '@/lib/client/simulate-forms'
import { useAccessCodes } from '@/lib/client/use-access-codes'
import { useCreateUnmanagedCode } from '@/lib/client/use-create-unmanaged-code'
import { useFillKeypad } from '@/lib/client/use-fill-keypad'
import { useModifyOnKeypad } from '@/lib/client/use-modify-on-keypad'
import { useRemoveFromKeypad } from '@/lib/client/use-remove-from-keypad'
import { codeDisplayName } from '@/lib/shared/code-name'

function Section({ title, description, children }: { title: string; description: string; children: ReactNode }) {
  const headingId = useId()
  return (
    <section aria-labelledby={headingId} className="space-y-3">
      <div>
        <h3 id={headingId} className="text-sm font-semibold text-slate-900">
          {title}
        </h3>
        <p className="mt-0.5 text-sm text-slate-600">{description}</p>
      </div>
      {children}
    </section>
  )
}

const failed = (title: string, message: string | undefined): SimulationOutcome | undefined =>
  message === undefined ? undefined : { tone: 'danger', title, body: message }

/** Someone adds a code at the keypad or in the maker's app: it shows up as a code Latchkey did not set. */
function AddCodeForm({ deviceId }: { deviceId: string }) {
  const ids = { name: useId(), code: useId() }
  const create = useCreateUnmanagedCode(deviceId)
  const [outcome, setOutcome] = useState<SimulationOutcome | undefined>()
  const form = useForm<UnmanagedCodeFormInput>({
    resolver: zodResolver(unmanagedCodeFormInput),
    defaultValues: { name: '', code: '' },
  })
  const { errors, isSubmitting } = form.formState
  const onSubmit = form.handleSubmit(async (values) => {
    setOutcome(undefined)
    try {
      const code = await create.mutateAsync(values)
      setOutcome({
        tone: 'success',
        title: `“${codeDisplayName(code)}” (PIN ${code.code ?? values.code}) is on the keypad`,
        body: 'Latchkey sees it as a code it did not set. A new code with the same PIN will clash with it.',
      })
      form.reset()
    } catch (error) {
      setOutcome(
        failed('Could not add the code', applyApiErrorToForm(error, form.setError, { name: 'name', code: 'code' })),
      )
    }
  })
  return (
    <form onSubmit={onSubmit} noValidate>
      <div className="flex flex-wrap items-end gap-3">
        <TextField
          id={ids.name}
          label="Name on the lock"
          autoComplete="off"
          fieldClassName="w-full sm:w-48"
          error={errors.name?.message}
          {...form.register('name')}
        />
        <TextField
          id={ids.code}
          label="PIN"
          inputMode="numeric"
          autoComplete="off"
          fieldClassName="w-full sm:w-36"
          error={errors.code?.message}
          {...form.register('code')}
        />
        <Button type="submit" variant="secondary" disabled={isSubmitting}>
          {isSubmitting && <Spinner />}
          Add code
        </Button>
      </div>
      <SimulationResult outcome={outcome} />
    </form>
  )
}

/** One of Latchkey's codes is changed or deleted at the keypad, outside Latchkey. */
function ChangeOrRemoveForm({ deviceId, deviceName }: { deviceId: string; deviceName: string }) {
  const ids = { code: useId(), pin: useId() }
  const { data } = useAccessCodes(deviceId, { enabled: false })
  const onKeypad = codesOnKeypad(data?.codes ?? [])
  const modify = useModifyOnKeypad(deviceId)
  const remove = useRemoveFromKeypad(deviceId)
  const [outcome, setOutcome] = useState<SimulationOutcome | undefined>()
  const [confirming, setConfirming] = useState<{ id: string; name: string } | undefined>()
  const form = useForm<ModifyOnKeypadFormInput>({
    resolver: zodResolver(modifyOnKeypadFormInput),
    defaultValues: { access_code_id: '', code: '' },
  })
  const { errors, isSubmitting } = form.formState
  const nameOf = (id: string): string => {
    const code = onKeypad.find((c) => c.access_code_id === id)
    return code === undefined ? 'The code' : `“${codeDisplayName(code)}”`
  }
  const fields = { access_code_id: 'access_code_id', code: 'code' } as const

  const onSubmit = form.handleSubmit(async (values) => {
    setOutcome(undefined)
    try {
      await modify.mutateAsync(values)
      setOutcome({
        tone: 'success',
        title: `${nameOf(values.access_code_id)} has PIN ${values.code} on the keypad now`,
        body: 'Latchkey notices at its next look: the code shows code_modified_external_to_seam, and Latchkey puts its own PIN back unless the code allows outside changes.',
      })
    } catch (error) {
      setOutcome(failed('Could not change the PIN', applyApiErrorToForm(error, form.setError, fields)))
    }
  })

  const askToRemove = async (): Promise<void> => {
    setOutcome(undefined)
    if (!(await form.trigger('access_code_id'))) return
    const id = form.getValues('access_code_id')
    setConfirming({ id, name: nameOf(id) })
  }
  const removeNow = async (code: { id: string; name: string }): Promise<void> => {
    setConfirming(undefined)
    try {
      await remove.mutateAsync(code.id)
      setOutcome({
        tone: 'success',
        title: `${code.name} is gone from the keypad`,
        body: 'Latchkey notices at its next look: the code shows code_modified_external_to_seam, and Latchkey sets it again.',
      })
    } catch (error) {
      setOutcome(failed('Could not remove the code', failureMessage(error)))
    }
  }

  if (onKeypad.length === 0) {
    return <p className="text-sm text-slate-600">None of Latchkey’s codes is on the keypad now.</p>
  }
  const codeError = errors.access_code_id?.message
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3">
      <Field id={ids.code} label="Code" error={codeError} className="w-full sm:w-80">
        <SelectInput
          id={ids.code}
          invalid={codeError !== undefined}
          aria-describedby={describedBy(ids.code, codeError, false)}
          {...form.register('access_code_id')}
        >
          <option value="">Choose a code…</option>
          {onKeypad.map((c) => (
            <option key={c.access_code_id} value={c.access_code_id}>
              {codeDisplayName(c)} ({c.code})
            </option>
          ))}
        </SelectInput>
      </Field>
      <div className="flex flex-wrap items-end gap-3">
        <TextField
          id={ids.pin}
          label="New PIN"
          inputMode="numeric"
          autoComplete="off"
          fieldClassName="w-full sm:w-36"
          error={errors.code?.message}
          {...form.register('code')}
        />
        <Button type="submit" variant="secondary" disabled={isSubmitting}>
          {isSubmitting && <Spinner />}
          Change PIN
        </Button>
        <span className="flex h-10 items-center text-sm text-slate-500">or</span>
        <Button variant="secondary" disabled={remove.isPending} onClick={() => void askToRemove()}>
          {remove.isPending && <Spinner />}
          Remove from keypad
        </Button>
      </div>
      <SimulationResult outcome={outcome} />
      <ConfirmDialog
        open={confirming !== undefined}
        title={`Remove ${confirming?.name ?? 'the code'} from ${deviceName}’s keypad?`}
        confirmLabel="Remove from keypad"
        busy={remove.isPending}
        onCancel={() => setConfirming(undefined)}
        onConfirm={() => {
          if (confirming !== undefined) void removeNow(confirming)
        }}
      >
        As if someone deleted it at the lock or in the lock maker’s app. The PIN stops opening the door until Latchkey
        sets it again.
      </ConfirmDialog>
    </form>
  )
}

/** Every free slot gets a code Latchkey did not set: the next code cannot be set. */
function FillKeypad({ deviceId, deviceName }: { deviceId: string; deviceName: string }) {
  const fill = useFillKeypad(deviceId)
  const [confirming, setConfirming] = useState(false)
  const [outcome, setOutcome] = useState<SimulationOutcome | undefined>()
  const fillNow = async (): Promise<void> => {
    setConfirming(false)
    setOutcome(undefined)
    try {
      const { codes_added } = await fill.mutateAsync()
      setOutcome({
        tone: 'success',
        title:
          codes_added === 0
            ? 'The keypad was full already'
            : `${codes_added} code${codes_added === 1 ? '' : 's'} added: the keypad is full`,
        body: 'The next code Latchkey tries to set gets no_space_for_access_code_on_device, until codes Latchkey did not set are deleted to make room.',
      })
    } catch (error) {
      setOutcome(failed('Could not fill the keypad', failureMessage(error)))
    }
  }
  return (
    <div>
      <Button variant="secondary" disabled={fill.isPending} onClick={() => setConfirming(true)}>
        {fill.isPending && <Spinner />}
        Fill the keypad
      </Button>
      <SimulationResult outcome={outcome} />
      <ConfirmDialog
        open={confirming}
        title={`Fill ${deviceName}’s keypad?`}
        confirmLabel="Fill the keypad"
        busy={fill.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={() => void fillNow()}
      >
        Every free slot gets a code Latchkey did not set, as on a lock full of old codes. Clearing faults does not take
        them off: like codes on a real lock, they stay until deleted (/access_codes/unmanaged/delete).
      </ConfirmDialog>
    </div>
  )
}

/** What people do at the keypad or in the lock maker's app, outside Latchkey. */
export function SimulateKeypadChanges({ deviceId, deviceName }: { deviceId: string; deviceName: string }) {
  return (
    <div className="space-y-6">
      <Section
        title="Change or remove a PIN at the keypad"
        description="Someone changes or deletes one of Latchkey’s codes at the lock, or in the lock maker’s app."
      >
        <ChangeOrRemoveForm deviceId={deviceId} deviceName={deviceName} />
      </Section>
      <Section
        title="Add a code at the keypad"
        description="Someone adds a code of their own. Latchkey lists it as a code it did not set."
      >
        <AddCodeForm deviceId={deviceId} />
      </Section>
      <Section title="Fill the keypad" description="Every free slot is taken by a code Latchkey did not set.">
        <FillKeypad deviceId={deviceId} deviceName={deviceName} />
      </Section>
    </div>
  )
}
