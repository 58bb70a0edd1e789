import { ButtonLink } from '@/components/ui/button'
import { EmptyState } from '@/components/ui/empty-state'

export default function NotFound() {
  return (
    <main className="mx-auto max-w-xl px-4 py-16">
      <EmptyState title="Not found" action={<ButtonLink href="/">Back to your locks</ButtonLink>}>
        This page does not exist, or it belongs to a workspace you are not a member of.
      </EmptyState>
    </main>
  )
}
