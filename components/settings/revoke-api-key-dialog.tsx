'use client'

import { useEffect } from 'react'
import { isForbidden } from '@/components/settings/admin-only'
import { KeyPrefix } from '@/components/settings/api-key-table'
import { Alert } from '@/components/ui/alert'
import { ConfirmDialog } from '@/components/ui/confirm-dialog'
import { failureMessage } from '@/lib/client/form-errors'
import { useRevokeApiKey } from '@/lib/client/use-revoke-api-key'
import type { ApiKey } from '@/lib/schemas/api-key'

/** "Revoke “Channel manager”?", open while `apiKey` is set. */
export function RevokeApiKeyDialog({
  apiKey,
  onClose,
  onRevoked,
}: {
  apiKey: ApiKey | undefined
  onClose(): void
  onRevoked(key: ApiKey): void
}) {
  const revoke = useRevokeApiKey()
  const { reset } = revoke
  // A fresh question each time: no error left over from revoking another key.
  useEffect(() => reset(), [apiKey, reset])
  return (
    <ConfirmDialog
      open={apiKey !== undefined}
      title={apiKey === undefined ? 'Revoke key' : `Revoke “${apiKey.name}”?`}
      confirmLabel={revoke.isPending ? 'Revoking…' : 'Revoke key'}
      busy={revoke.isPending}
      onCancel={onClose}
      onConfirm={() => {
        if (apiKey === undefined) return
        revoke.mutate(apiKey, { onSuccess: () => onRevoked(apiKey) })
      }}
    >
      {apiKey !== undefined && (
        <>
          <p>
            Anything using the key <KeyPrefix prefix={apiKey.key_prefix} /> stops working at once: its requests are
            refused. This cannot be undone; to reconnect, create a new key.
          </p>
          {revoke.isError && (
            <Alert tone="danger" className="mt-3">
              {isForbidden(revoke.error) ? 'Only workspace admins can revoke API keys.' : failureMessage(revoke.error)}
            </Alert>
          )}
        </>
      )}
    </ConfirmDialog>
  )
}
