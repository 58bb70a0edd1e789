'use client'

import { zodResolver } from '@hookform/resolvers/zod'
import { useState } from 'react'
import { useForm } from 'react-hook-form'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { TextField } from '@/components/ui/field'
import { Spinner } from '@/components/ui/spinner'
import { applyApiErrorToForm } from '@/lib/client/form-errors'
import { useConnectSeam } from '@/lib/client/use-seam-connection'
import { seamConnectForm, type SeamConnectFormValues, type SeamConnectionObject } from '@/lib/schemas/seam-connection'

/**
 * Connects the workspace to a Seam workspace (or replaces the key of its connection): Seam checks the key before
 * anything is stored, and the locks are imported at once. The key is sent once and never shown again.
 */
export function SeamConnectForm({
  currentEndpoint,
  submitLabel,
  webhookUrl,
  onConnected,
}: {
  /** The connection's endpoint when replacing its key (kept unless changed). */
  currentEndpoint?: string | undefined
  submitLabel: string
  /** Where Seam should send webhooks (this server's /webhooks/seam). */
  webhookUrl?: string | undefined
  onConnected(connection: SeamConnectionObject | null): void
}) {
  const connect = useConnectSeam()
  const [failure, setFailure] = useState<string | undefined>()
  const form = useForm<SeamConnectFormValues>({
    resolver: zodResolver(seamConnectForm),
    defaultValues: { api_key: '', endpoint: currentEndpoint ?? '', webhook_secret: '' },
  })
  const { errors, isSubmitting } = form.formState

  const onSubmit = form.handleSubmit(async ({ api_key, endpoint, webhook_secret }) => {
    setFailure(undefined)
    try {
      const answer = await connect.mutateAsync({
        api_key,
        ...(endpoint === '' ? {} : { endpoint }),
        ...(webhook_secret === '' ? {} : { webhook_secret }),
      })
      form.reset({ api_key: '', endpoint, webhook_secret: '' })
      onConnected(answer.seam_connection)
    } catch (error) {
      setFailure(
        applyApiErrorToForm(error, form.setError, {
          api_key: 'api_key',
          endpoint: 'endpoint',
          webhook_secret: 'webhook_secret',
        }),
      )
    }
  })

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" aria-label="Connect a Seam workspace">
      {failure !== undefined && <Alert tone="danger">{failure}</Alert>}
      <TextField
        id="seam-api-key"
        label="Seam API key"
        type="password"
        hint="From the Seam console (Developer → API keys); it starts with seam_. Stored encrypted, never shown again."
        error={errors.api_key?.message}
        fieldClassName="max-w-xl"
        autoComplete="off"
        spellCheck={false}
        maxLength={500}
        {...form.register('api_key')}
      />
      <TextField
        id="seam-endpoint"
        label="Endpoint (optional)"
        type="url"
        hint="Leave empty for Seam itself (https://connect.getseam.com); set it for a self-hosted or test Seam."
        error={errors.endpoint?.message}
        fieldClassName="max-w-xl"
        autoComplete="off"
        spellCheck={false}
        placeholder="https://connect.getseam.com"
        maxLength={500}
        {...form.register('endpoint')}
      />
      <TextField
        id="seam-webhook-secret"
        label="Webhook secret (optional)"
        type="password"
        hint={
          webhookUrl === undefined
            ? 'From the Seam console (Webhooks); it starts with whsec_. Without it Latchkey polls Seam instead.'
            : `Add a webhook in the Seam console pointing at ${webhookUrl} and paste its secret (whsec_…) here, so changes in Seam show at once. Without it Latchkey polls Seam instead.`
        }
        error={errors.webhook_secret?.message}
        fieldClassName="max-w-xl"
        autoComplete="off"
        spellCheck={false}
        maxLength={500}
        {...form.register('webhook_secret')}
      />
      <Button type="submit" disabled={isSubmitting}>
        {isSubmitting && <Spinner />}
        {isSubmitting ? 'Checking the key with Seam…' : submitLabel}
      </Button>
    </form>
  )
}
