import { Badge } from '@/components/ui/badge'
import { CheckIcon } from '@/components/ui/icons'
import { Spinner } from '@/components/ui/spinner'
import { healthLooks } from '@/lib/client/stays-model'
import type { StayHealth } from '@/lib/schemas/stay'

/** A stay's health in one word, coloured as a code's status is: done, in progress, needs a look, wrong, over. */
export function StayHealthBadge({ health }: { health: StayHealth }) {
  const look = healthLooks[health]
  return (
    <Badge tone={look.tone} className="whitespace-nowrap">
      {health === 'ready' && <CheckIcon />}
      {health === 'pending' && <Spinner className="size-3" />}
      {look.label}
    </Badge>
  )
}
