'use client'

import { useMutation } from '@tanstack/react-query'
import { apiRequest } from '@/lib/client/api-client'
import { useWorkspaceId } from '@/lib/client/workspace-context'
import type { RevealCodeResponse } from '@/lib/schemas/reveal-code'
import { isMaskedPin } from '@/lib/shared/masked-pin'

/** What a masked PIN belongs to: a code (managed or not), or a stay (the PIN its doors share). */
export type PinOwner = { access_code_id: string } | { stay_id: string }

/** /access_codes/reveal_code: a member's PIN, on request; the server records who revealed which code, and when. */
export function useRevealCode(owner: PinOwner) {
  const workspaceId = useWorkspaceId()
  return useMutation({
    mutationFn: async () =>
      (await apiRequest<RevealCodeResponse>('/access_codes/reveal_code', { workspaceId, body: owner })).code,
  })
}

/**
 * A pulled backup with its PIN shown: a member is sent it masked, and pulling a backup is handing its PIN to a guest,
 * so it is revealed at once (and recorded as revealed).
 */
export async function withRevealedPin<T extends { access_code_id: string; code: string | null }>(
  workspaceId: string,
  code: T,
): Promise<T> {
  if (!isMaskedPin(code.code)) return code
  const revealed = await apiRequest<RevealCodeResponse>('/access_codes/reveal_code', {
    workspaceId,
    body: { access_code_id: code.access_code_id },
  })
  return { ...code, code: revealed.code }
}
