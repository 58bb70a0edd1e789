'use client'

import { zodResolver } from '@hookform/resolvers/zod'
import { useState } from 'react'
import { useForm } from 'react-hook-form'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { describedBy, Field, SelectInput, TextField } from '@/components/ui/field'
import { Spinner } from '@/components/ui/spinner'
import { ApiClientError } from '@/lib/client/api-client'
import { applyApiErrorToForm } from '@/lib/client/form-errors'
import { lockSettingsFormInput, type LockSettings, type LockSettingsFormInput } from '@/lib/schemas/device-update'

/** Request field (wire name) → form field. */
const fieldsByApiField = { name: 'name', 'properties.name': 'name', property_id: 'property_id' } as const

/**
 * A lock's name and property. What the API refuses lands on the field it is about: a property whose stays hold the
 * lock (device_has_stay_codes) on the property.
 */
export function LockSettingsForm({
  settings,
  onSubmit,
}: {
  settings: LockSettings
  /** Saves the values; throws the API's error when refused. */
  onSubmit(values: LockSettingsFormInput): Promise<void>
}) {
  const [failure, setFailure] = useState<string | undefined>()
  const form = useForm<LockSettingsFormInput>({
    resolver: zodResolver(lockSettingsFormInput),
    defaultValues: { name: settings.name, property_id: settings.property_id },
  })
  const { errors, isSubmitting } = form.formState

  const submit = form.handleSubmit(async (values) => {
    setFailure(undefined)
    try {
      await onSubmit(values)
      form.reset(values)
    } catch (error) {
      if (error instanceof ApiClientError && error.type === 'device_has_stay_codes') {
        form.setError('property_id', { type: 'server', message: error.message }, { shouldFocus: true })
        return
      }
      setFailure(applyApiErrorToForm(error, form.setError, fieldsByApiField))
    }
  })

  const propertyError = errors.property_id?.message
  const propertyHint = 'Times of the lock’s codes are shown in its property’s time zone.'
  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      {failure !== undefined && <Alert tone="danger">{failure}</Alert>}
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          id="lock-settings-name"
          label="Lock name"
          autoComplete="off"
          maxLength={200}
          error={errors.name?.message}
          {...form.register('name')}
        />
        <Field id="lock-settings-property" label="Property" hint={propertyHint} error={propertyError}>
          <SelectInput
            id="lock-settings-property"
            invalid={propertyError !== undefined}
            aria-describedby={describedBy('lock-settings-property', propertyError, true)}
            {...form.register('property_id')}
          >
            {settings.properties.map((p) => (
              <option key={p.property_id} value={p.property_id}>
                {p.name} ({p.timezone})
              </option>
            ))}
          </SelectInput>
        </Field>
      </div>
      <Button type="submit" disabled={isSubmitting || !form.formState.isDirty}>
        {isSubmitting && <Spinner />}
        Save lock settings
      </Button>
    </form>
  )
}
