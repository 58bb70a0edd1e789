import { Alert } from '@/components/ui/alert'
import { ApiClientError } from '@/lib/client/api-client'

/** The API answers 403 to a workspace member who is not an admin. */
export const isForbidden = (error: unknown): boolean => error instanceof ApiClientError && error.status === 403

/** Shown instead of the keys to workspace members who are not admins. */
export function NotAdminNotice() {
  return (
    <Alert tone="warning" title="Only workspace admins can manage API keys">
      You are a member of this workspace without admin rights, so you cannot see, create or revoke its keys. Ask one of
      its admins to create a key for you, or to make you an admin.
    </Alert>
  )
}
