'use client'

import { useEffect, useRef, useState } from 'react'
import { SeamConnectForm } from '@/components/seam/seam-connect-form'
import { SeamConnectionStatus } from '@/components/seam/seam-connection-status'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Card, CardBody, CardHeader } from '@/components/ui/card'
import { ConfirmDialog } from '@/components/ui/confirm-dialog'
import { LoadingBlock } from '@/components/ui/spinner'
import { failureMessage } from '@/lib/client/form-errors'
import { useDisconnectSeam, useSeamConnection } from '@/lib/client/use-seam-connection'
import { useWorkspaceId } from '@/lib/client/workspace-context'

/**
 * The workspace's Seam connection. Admins connect, replace the key and disconnect; members see its status only.
 */
export function SeamConnectionPanel({ isAdmin, webhookUrl }: { isAdmin: boolean; webhookUrl: string }) {
  const workspaceId = useWorkspaceId()
  const connection = useSeamConnection()
  const disconnect = useDisconnectSeam()
  const [confirming, setConfirming] = useState(false)
  const [notice, setNotice] = useState<string | undefined>()
  const noticeRef = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (notice !== undefined) noticeRef.current?.focus()
  }, [notice])

  if (connection.isPending) return <LoadingBlock label="Loading the Seam connection…" />
  if (connection.isError)
    return (
      <Alert tone="danger" title="The Seam connection could not be loaded">
        <p>{failureMessage(connection.error)}</p>
        <Button variant="secondary" size="sm" className="mt-2" onClick={() => void connection.refetch()}>
          Try again
        </Button>
      </Alert>
    )
  const current = connection.data

  return (
    <div className="space-y-6">
      <div aria-live="polite">
        {notice !== undefined && (
          <div ref={noticeRef} tabIndex={-1}>
            <Alert tone="success">{notice}</Alert>
          </div>
        )}
      </div>

      {current === null ? (
        <Card>
          <CardHeader
            title="Not connected"
            description="This workspace has sandbox locks only. Connect a Seam workspace to manage its real locks here."
          />
          <CardBody>
            {isAdmin ? (
              <SeamConnectForm
                submitLabel="Connect Seam workspace"
                webhookUrl={webhookUrl}
                onConnected={(c) =>
                  setNotice(
                    c === null
                      ? 'Connected.'
                      : `Connected to ${c.seam_workspace_name ?? 'the Seam workspace'}: ${c.locks_imported} ${c.locks_imported === 1 ? 'lock' : 'locks'} imported.`,
                  )
                }
              />
            ) : (
              <p className="text-sm text-slate-600">Only workspace admins can connect a Seam workspace.</p>
            )}
          </CardBody>
        </Card>
      ) : (
        <>
          <Card>
            <CardHeader
              title="Seam workspace"
              description="Latchkey syncs its locks and codes with this Seam workspace."
            />
            <CardBody>
              <SeamConnectionStatus connection={current} workspaceId={workspaceId} />
            </CardBody>
          </Card>
          {isAdmin && (
            <>
              <Card>
                <CardHeader
                  title="Replace the API key"
                  description="After a key was revoked or rotated in Seam: the new key is checked with Seam before it replaces the old one. Leave the webhook secret empty to keep the one stored."
                />
                <CardBody>
                  <SeamConnectForm
                    currentEndpoint={current.endpoint}
                    submitLabel="Replace key"
                    webhookUrl={webhookUrl}
                    onConnected={() => setNotice('The new key is connected.')}
                  />
                </CardBody>
              </Card>
              <Card>
                <CardHeader
                  title="Disconnect"
                  description="Forgets the API key. The locks stay listed with their codes, shown disconnected, until you connect again."
                />
                <CardBody>
                  <Button variant="danger" onClick={() => setConfirming(true)}>
                    Disconnect Seam workspace
                  </Button>
                </CardBody>
              </Card>
            </>
          )}
        </>
      )}

      <ConfirmDialog
        open={confirming}
        title="Disconnect the Seam workspace?"
        confirmLabel={disconnect.isPending ? 'Disconnecting…' : 'Disconnect'}
        busy={disconnect.isPending}
        onCancel={() => {
          setConfirming(false)
          disconnect.reset()
        }}
        onConfirm={() =>
          disconnect.mutate(undefined, {
            onSuccess: () => {
              setConfirming(false)
              setNotice('Disconnected. The API key is forgotten; the Seam locks show as disconnected.')
            },
          })
        }
      >
        <p>
          Latchkey forgets the API key at once. Codes on the Seam locks stay as they are in Seam, but Latchkey can no
          longer add, change or remove them until a key is connected again.
        </p>
        {disconnect.isError && (
          <Alert tone="danger" className="mt-3">
            {failureMessage(disconnect.error)}
          </Alert>
        )}
      </ConfirmDialog>
    </div>
  )
}
