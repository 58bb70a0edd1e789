'use client'

import { useState } from 'react'
import { Button } from '@/components/ui/button'
import { ConfirmDialog } from '@/components/ui/confirm-dialog'
import { Spinner } from '@/components/ui/spinner'
import { useSimulateAccountConnection } from '@/lib/client/use-simulate-account-connection'
import { useSimulateConnection } from '@/lib/client/use-simulate-connection'

/**
 * The lock's own connection (offline or online) and its maker account's (disconnected or connected). Disconnecting
 * the account asks first: it cuts off every lock of the account, not only this one.
 */
export function SimulateConnection({
  deviceId,
  connectedAccountId,
  brand,
  online,
  accountConnected,
  onChanged,
  onFailed,
}: {
  deviceId: string
  connectedAccountId: string
  brand: string
  online: boolean
  accountConnected: boolean
  onChanged(message: string): void
  onFailed(error: unknown): void
}) {
  const connection = useSimulateConnection(deviceId)
  const account = useSimulateAccountConnection(deviceId, connectedAccountId)
  const [confirming, setConfirming] = useState(false)
  const setAccount = (connected: boolean): void => {
    setConfirming(false)
    account.mutate(connected, {
      onSuccess: () =>
        onChanged(
          connected
            ? `The ${brand} account is connected again; its locks' codes are brought up to date.`
            : `The ${brand} account is disconnected: its locks' codes show account_disconnected.`,
        ),
      onError: onFailed,
    })
  }
  return (
    <>
      <ul className="space-y-3 text-sm">
        <li className="flex flex-wrap items-center justify-between gap-2">
          <p>
            <span className="block font-medium text-slate-800">Lock</span>
            <span className="text-slate-700">{online ? 'Online' : 'Offline'}</span>
          </p>
          <Button
            variant="secondary"
            size="sm"
            disabled={connection.isPending}
            onClick={() =>
              connection.mutate(!online, {
                onSuccess: () => onChanged(online ? 'The lock went offline.' : 'The lock is back online.'),
                onError: onFailed,
              })
            }
          >
            {connection.isPending && <Spinner />}
            {online ? 'Go offline' : 'Bring back online'}
          </Button>
        </li>
        <li className="flex flex-wrap items-center justify-between gap-2">
          <p>
            <span className="block font-medium text-slate-800">{brand} account</span>
            <span className="text-slate-700">{accountConnected ? 'Connected' : 'Disconnected'}</span>
          </p>
          <Button
            variant="secondary"
            size="sm"
            disabled={account.isPending}
            onClick={() => (accountConnected ? setConfirming(true) : setAccount(true))}
          >
            {account.isPending && <Spinner />}
            {accountConnected ? 'Disconnect account' : 'Reconnect account'}
          </Button>
        </li>
      </ul>
      <ConfirmDialog
        open={confirming}
        title={`Disconnect the ${brand} account?`}
        confirmLabel="Disconnect account"
        busy={account.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={() => setAccount(false)}
      >
        As if the lock maker’s account stopped answering: every lock of this {brand} account, not only this one, can no
        longer be programmed, and its codes show account_disconnected until you reconnect it here.
      </ConfirmDialog>
    </>
  )
}
