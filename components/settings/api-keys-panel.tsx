'use client'

import { zodResolver } from '@hookform/resolvers/zod'
import { useEffect, useRef, useState } from 'react'
import { useForm } from 'react-hook-form'
import { Alert } from '@/components/ui/alert'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Card, CardBody, CardHeader } from '@/components/ui/card'
import { ConfirmDialog } from '@/components/ui/confirm-dialog'
import { describedBy, Field, TextInput } from '@/components/ui/field'
import { EmptyState } from '@/components/ui/empty-state'
import { LoadingBlock, Spinner } from '@/components/ui/spinner'
import { ApiClientError } from '@/lib/client/api-client'
import { applyApiErrorToForm } from '@/lib/client/form-errors'
import { useApiKeys } from '@/lib/client/use-api-keys'
import { useCreateApiKey } from '@/lib/client/use-create-api-key'
import { useRevokeApiKey } from '@/lib/client/use-revoke-api-key'
import {
  createApiKeyInput,
  type ApiKey,
  type CreateApiKeyInput,
  type CreateApiKeyResponse,
} from '@/lib/schemas/api-key'

const isForbidden = (error: unknown): boolean => error instanceof ApiClientError && error.status === 403

const errorMessage = (error: unknown): string =>
  error instanceof Error && error.message !== '' ? error.message : 'Something went wrong. Try again.'

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' })
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'long' })

function DateText({ iso }: { iso: string }) {
  const date = new Date(iso)
  return (
    <time dateTime={iso} title={dateTimeFormat.format(date)}>
      {dateFormat.format(date)}
    </time>
  )
}

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
              <p>{errorMessage(keys.error)}</p>
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

/** Shown instead of the keys to workspace members who are not admins (the API answers them 403). */
export function NotAdminNotice() {
  return (
    <Alert tone="warning" title="Only workspace admins can manage API keys">
      You are a member of this workspace without admin rights, so you cannot see, create or revoke its keys. Ask one of
      its admins to create a key for you, or to make you an admin.
    </Alert>
  )
}

function CreateApiKeyForm({ onCreated }: { onCreated(created: CreateApiKeyResponse): void }) {
  const createKey = useCreateApiKey()
  const [failure, setFailure] = useState<string | undefined>()
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<CreateApiKeyInput>({ resolver: zodResolver(createApiKeyInput), defaultValues: { name: '' } })

  const onSubmit = handleSubmit(async (values) => {
    setFailure(undefined)
    try {
      const created = await createKey.mutateAsync(values)
      reset()
      onCreated(created)
    } catch (error) {
      setFailure(
        isForbidden(error)
          ? 'Only workspace admins can create API keys.'
          : applyApiErrorToForm(error, setError, { name: 'name' }),
      )
    }
  })

  const nameError = errors.name?.message
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3">
      {failure !== undefined && <Alert tone="danger">{failure}</Alert>}
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start">
        <Field
          id="api-key-name"
          label="Key name"
          hint="For example “Channel manager” or “Cleaning schedule script”."
          error={nameError}
          className="sm:max-w-md sm:flex-1"
        >
          <TextInput
            id="api-key-name"
            autoComplete="off"
            maxLength={200}
            invalid={nameError !== undefined}
            aria-describedby={describedBy('api-key-name', nameError, true)}
            {...register('name')}
          />
        </Field>
        {/* Lines the button up with the input, not the label above it. */}
        <Button type="submit" disabled={isSubmitting} className="sm:mt-6">
          {isSubmitting && <Spinner />}
          Create key
        </Button>
      </div>
    </form>
  )
}

function NewApiKey({ created, onDone }: { created: CreateApiKeyResponse; onDone(): void }) {
  const headingRef = useRef<HTMLHeadingElement>(null)
  // Screen readers and keyboards land on the box at once: it is the one thing to act on now.
  useEffect(() => headingRef.current?.focus(), [])
  return (
    <section aria-labelledby="new-api-key-title" className="rounded-lg border-2 border-amber-400 bg-amber-50 p-4">
      <h3 id="new-api-key-title" ref={headingRef} tabIndex={-1} className="text-base font-semibold text-amber-950">
        Copy your new key for “{created.api_key.name}” now
      </h3>
      <p className="mt-1 text-sm text-amber-950">
        <strong>You will not see it again.</strong> Latchkey keeps only a fingerprint of the key, so it cannot show it
        to you later. Store it where your software reads its secrets, such as an environment variable or a password
        manager.
      </p>
      <div className="mt-3 flex flex-col gap-2 sm:flex-row sm:items-start">
        {/* Wraps rather than scrolls, so the whole key is visible on a phone too; one click selects all of it. */}
        <code
          id="new-api-key"
          className="block min-w-0 flex-1 rounded-md border border-amber-300 bg-white px-3 py-2 font-mono text-sm break-all text-slate-900 shadow-sm select-all"
        >
          {created.token}
        </code>
        <CopyButton text={created.token} label="Copy key" targetId="new-api-key" className="shrink-0" />
      </div>
      <div className="mt-4 flex justify-end">
        <Button variant="secondary" onClick={onDone}>
          I have saved the key
        </Button>
      </div>
    </section>
  )
}

/** Copies `text`; if the browser refuses the clipboard, selects the element `targetId` so the person can copy it. */
export function CopyButton({
  text,
  label,
  targetId,
  variant = 'primary',
  className,
}: {
  text: string
  label: string
  targetId?: string
  variant?: 'primary' | 'secondary'
  className?: string
}) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle')
  useEffect(() => {
    if (state !== 'copied') return
    const timer = setTimeout(() => setState('idle'), 2_500)
    return () => clearTimeout(timer)
  }, [state])
  return (
    <>
      <Button
        variant={state === 'copied' ? 'secondary' : variant}
        className={className}
        onClick={async () => {
          try {
            await navigator.clipboard.writeText(text)
            setState('copied')
          } catch {
            const target = targetId === undefined ? null : document.getElementById(targetId)
            if (target !== null) window.getSelection()?.selectAllChildren(target)
            setState('failed')
          }
        }}
      >
        {state === 'copied' ? <CheckIcon /> : <CopyIcon />}
        {state === 'copied' ? 'Copied' : label}
      </Button>
      <span role="status" className="sr-only">
        {state === 'copied' ? 'Copied to the clipboard.' : ''}
      </span>
      {state === 'failed' && (
        <p className="text-sm text-red-700 sm:self-center">
          The browser blocked copying.
          {targetId === undefined
            ? ' Select the text and copy it.'
            : ' Press Ctrl+C (⌘C on a Mac) to copy the selected text.'}
        </p>
      )}
    </>
  )
}

function ApiKeyTable({ keys, onRevoke }: { keys: ApiKey[]; onRevoke(key: ApiKey): void }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <thead className="border-b border-slate-200 bg-slate-50 text-xs font-medium text-slate-600">
          <tr>
            <th scope="col" className="px-4 py-2 font-medium sm:px-5">
              Name
            </th>
            <th scope="col" className="hidden px-4 py-2 font-medium sm:table-cell">
              Key
            </th>
            <th scope="col" className="hidden px-4 py-2 font-medium md:table-cell">
              Created
            </th>
            <th scope="col" className="hidden px-4 py-2 font-medium sm:table-cell">
              Status
            </th>
            <th scope="col" className="px-4 py-2 sm:px-5">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {keys.map((key) => (
            <tr key={key.api_key_id} className={key.revoked_at !== null ? 'text-slate-500' : undefined}>
              <td className="px-4 py-3 align-middle sm:px-5">
                <span className={key.revoked_at !== null ? 'font-medium' : 'font-medium text-slate-900'}>
                  {key.name}
                </span>
                {/* On a phone the other columns fold in under the name. */}
                <span className="mt-1 flex flex-wrap items-center gap-x-2 gap-y-1 sm:hidden">
                  <KeyStatus apiKey={key} />
                  <KeyPrefix prefix={key.key_prefix} />
                </span>
                <span className="mt-0.5 block text-xs text-slate-600 md:hidden">
                  Created <DateText iso={key.created_at} />
                </span>
              </td>
              <td className="hidden px-4 py-3 align-middle sm:table-cell">
                <KeyPrefix prefix={key.key_prefix} />
              </td>
              <td className="hidden px-4 py-3 align-middle whitespace-nowrap text-slate-700 md:table-cell">
                <DateText iso={key.created_at} />
              </td>
              <td className="hidden px-4 py-3 align-middle sm:table-cell">
                <KeyStatus apiKey={key} />
              </td>
              <td className="px-4 py-3 text-right align-middle sm:px-5">
                {key.revoked_at === null && (
                  <Button
                    variant="secondary"
                    size="sm"
                    onClick={() => onRevoke(key)}
                    aria-label={`Revoke key “${key.name}”`}
                  >
                    Revoke
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function KeyStatus({ apiKey }: { apiKey: ApiKey }) {
  if (apiKey.revoked_at === null) return <Badge tone="success">Active</Badge>
  return (
    <span className="inline-flex flex-wrap items-center gap-x-1.5 gap-y-0.5">
      <Badge tone="neutral">Revoked</Badge>
      <span className="text-xs whitespace-nowrap text-slate-600">
        <DateText iso={apiKey.revoked_at} />
      </span>
    </span>
  )
}

function KeyPrefix({ prefix }: { prefix: string }) {
  return (
    <code
      className="font-mono text-xs text-slate-700"
      title="The key’s first characters; the rest is never shown again"
    >
      {prefix}…
    </code>
  )
}

function RevokeApiKeyDialog({
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
              {isForbidden(revoke.error) ? 'Only workspace admins can revoke API keys.' : errorMessage(revoke.error)}
            </Alert>
          )}
        </>
      )}
    </ConfirmDialog>
  )
}

function CopyIcon() {
  return (
    <svg viewBox="0 0 16 16" aria-hidden="true" className="size-4 fill-none stroke-current" strokeWidth="1.5">
      <rect x="5.25" y="5.25" width="8.5" height="8.5" rx="1.5" />
      <path d="M10.75 5.25v-2a1.5 1.5 0 0 0-1.5-1.5h-5.5a1.5 1.5 0 0 0-1.5 1.5v5.5a1.5 1.5 0 0 0 1.5 1.5h2" />
    </svg>
  )
}

function CheckIcon() {
  return (
    <svg viewBox="0 0 16 16" aria-hidden="true" className="size-4 fill-none stroke-current" strokeWidth="2">
      <path d="m3.5 8.5 3 3 6-7" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  )
}
