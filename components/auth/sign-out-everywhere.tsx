'use client'

import { useRouter } from 'next/navigation'
import { useState } from 'react'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { ConfirmDialog } from '@/components/ui/confirm-dialog'
import { failureMessage } from '@/lib/client/form-errors'
import { useSignOutEverywhere } from '@/lib/client/use-sign-out-everywhere'

/** "Sign out everywhere", asked first: it ends this session too, so it leads back to the sign-in page. */
export function SignOutEverywhere() {
  const router = useRouter()
  const [asking, setAsking] = useState(false)
  const signOut = useSignOutEverywhere()
  return (
    <>
      <Button variant="danger" onClick={() => setAsking(true)}>
        Sign out everywhere
      </Button>
      <ConfirmDialog
        open={asking}
        title="Sign out on every device?"
        confirmLabel={signOut.isPending ? 'Signing out…' : 'Sign out everywhere'}
        busy={signOut.isPending}
        onCancel={() => {
          signOut.reset()
          setAsking(false)
        }}
        onConfirm={() =>
          signOut.mutate(undefined, {
            onSuccess: () => {
              router.replace('/sign-in')
              router.refresh()
            },
          })
        }
      >
        <p>
          Every browser signed in as you, this one included, is signed out at once and must sign in again with your
          password.
        </p>
        {signOut.isError && (
          <Alert tone="danger" className="mt-3">
            {failureMessage(signOut.error)}
          </Alert>
        )}
      </ConfirmDialog>
    </>
  )
}
