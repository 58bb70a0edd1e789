'use client'

import { useMutation } from '@tanstack/react-query'
import { apiRequest } from '@/lib/client/api-client'
import type { SignOutEverywhereResponse } from '@/lib/schemas/auth'

/** Ends every session of the signed-in person, this one included. */
export function useSignOutEverywhere() {
  return useMutation({
    mutationFn: () => apiRequest<SignOutEverywhereResponse>('/auth/sign_out_everywhere'),
  })
}
