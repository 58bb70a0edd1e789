'use client'

import { zodResolver } from '@hookform/resolvers/zod'
import { useState } from 'react'
import { useForm } from 'react-hook-form'
import { isForbidden } from '@/components/settings/admin-only'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { TextField } from '@/components/ui/field'
import { Spinner } from '@/components/ui/spinner'
import { applyApiErrorToForm } from '@/lib/client/form-errors'
import { useCreateApiKey } from '@/lib/client/use-create-api-key'
import { createApiKeyInput, type CreateApiKeyInput, type CreateApiKeyResponse } from '@/lib/schemas/api-key'

/** Names and creates a key; the caller shows the new key, once. */
export function CreateApiKeyForm({ onCreated }: { onCreated(created: CreateApiKeyResponse): void }) {
  const createKey = useCreateApiKey()
  const [failure, setFailure] = useState<string | undefined>()
  const form = useForm<CreateApiKeyInput>({ resolver: zodResolver(createApiKeyInput), defaultValues: { name: '' } })
  const { errors, isSubmitting } = form.formState

  const onSubmit = form.handleSubmit(async (values) => {
    setFailure(undefined)
    try {
      const created = await createKey.mutateAsync(values)
      form.reset()
      onCreated(created)
    } catch (error) {
      setFailure(
        isForbidden(error)
          ? 'Only workspace admins can create API keys.'
          : applyApiErrorToForm(error, form.setError, { name: 'name' }),
      )
    }
  })

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3">
      {failure !== undefined && <Alert tone="danger">{failure}</Alert>}
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start">
        <TextField
          id="api-key-name"
          label="Key name"
          hint="For example “Channel manager” or “Cleaning schedule script”."
          error={errors.name?.message}
          fieldClassName="sm:max-w-md sm:flex-1"
          autoComplete="off"
          maxLength={200}
          {...form.register('name')}
        />
        {/* Lines the button up with the input, not the label above it. */}
        <Button type="submit" disabled={isSubmitting} className="sm:mt-6">
          {isSubmitting && <Spinner />}
          Create key
        </Button>
      </div>
    </form>
  )
}
