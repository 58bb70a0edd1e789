'use client'

import { useEffect, useRef, useState } from 'react'
import { isForbidden, NotAdminNotice } from '@/components/settings/admin-only'
import { ApiKeyTable } from '@/components/settings/api-key-table'
import { CreateApiKeyForm } from '@/components/settings/create-api-key-form'
import { NewApiKey } from '@/components/settings/new-api-key'
import { RevokeApiKeyDialog } from '@/components/settings/revoke-api-key-dialog'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Card, CardBody, CardHeader } from '@/components/ui/card'
import { EmptyState } from '@/components/ui/empty-state'
import { LoadingBlock } from '@/components/ui/spinner'
import { failureMessage } from '@/lib/client/form-errors'
import { useApiKeys } from '@/lib/client/use-api-keys'
import type { ApiKey, CreateApiKeyResponse } from '@/lib/schemas/api-key'

/** Active keys first, newest first within each group. */
const byStatusThenNewest = (a: ApiKey, b: ApiKey): number =>
  Number(a.revoked_at !== null) - Number(b.revoked_at !== null) || b.created_at.localeCompare(a.created_at)

/** Create, list and revoke the workspace's API keys (workspace admins only). */
export function ApiKeysPanel() {
  const keys = useApiKeys()
  const [created, setCreated] = useState<CreateApiKeyResponse | undefined>()
  const [revoking, setRevoking] = useState<ApiKey | undefined>()
  const [notice, setNotice] = useState<string | undefined>()
  const noticeRef = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (notice !== undefined) noticeRef.current?.focus()
  }, [notice])

  if (isForbidden(keys.error)) return <NotAdminNotice />

  const list = keys.data === undefined ? undefined : [...keys.data].sort(byStatusThenNewest)
  const active = list?.filter((k) => k.revoked_at === null).length

  return (
    <div className="space-y-6">
      <Card>
        <CardHeader
          title="Create a key"
          description="Name it after what will use it, so you know which key to revoke later."
        />
        <CardBody>
          {created !== undefined ? (
            <NewApiKey created={created} onDone={() => setCreated(undefined)} />
          ) : (
            <CreateApiKeyForm
              onCreated={(result) => {
                setNotice(undefined)
                setCreated(result)
              }}
            />
          )}
        </CardBody>
      </Card>

      <Card>
        <CardHeader
          title="Keys"
          description={active === undefined ? undefined : active === 1 ? '1 active key' : `${active} active keys`}
        />
        <div aria-live="polite">
          {notice !== undefined && (
            // Revoking removes the button that had focus: the outcome takes it, so keyboard users are not lost.
            <div ref={noticeRef} tabIndex={-1} className="px-4 py-4 sm:px-5">
              <Alert tone="success">{notice}</Alert>
            </div>
          )}
        </div>
        {keys.isPending ? (
          <LoadingBlock label="Loading keys…" />
        ) : keys.isError ? (
          <CardBody>
            <Alert tone="danger" title="The keys could not be loaded">
              <p>{failureMessage(keys.error)}</p>
              <Button variant="secondary" size="sm" className="mt-2" onClick={() => void keys.refetch()}>
                Try again
              </Button>
            </Alert>
          </CardBody>
        ) : list === undefined || list.length === 0 ? (
          <EmptyState title="No API keys yet">
            Create one above to connect a channel manager, a PMS or your own scripts.
          </EmptyState>
        ) : (
          <ApiKeyTable keys={list} onRevoke={setRevoking} />
        )}
      </Card>

      <RevokeApiKeyDialog
        apiKey={revoking}
        onClose={() => setRevoking(undefined)}
        onRevoked={(key) => {
          setRevoking(undefined)
          setNotice(`Revoked “${key.name}”. Requests made with it are now refused.`)
        }}
      />
    </div>
  )
}
