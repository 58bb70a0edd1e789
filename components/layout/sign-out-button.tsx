'use client'

import { useRouter } from 'next/navigation'
import { useState } from 'react'
import { Button } from '@/components/ui/button'
import { apiRequest } from '@/lib/client/api-client'

export function SignOutButton() {
  const router = useRouter()
  const [busy, setBusy] = useState(false)
  return (
    <Button
      variant="ghost"
      size="sm"
      disabled={busy}
      onClick={async () => {
        setBusy(true)
        try {
          await apiRequest('/auth/sign_out')
        } finally {
          router.replace('/sign-in')
          router.refresh()
        }
      }}
    >
      Sign out
    </Button>
  )
}
