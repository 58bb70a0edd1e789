'use client'

import { useState } from 'react'
import { cx } from '@/components/ui/cx'
import { CopyIcon } from '@/components/ui/icons'
import { useCopyToClipboard } from '@/components/ui/use-copy-to-clipboard'
import { useRevealCode, type PinOwner } from '@/lib/client/use-reveal-code'
import { isMaskedPin, MASKED_PIN } from '@/lib/shared/masked-pin'

const MASK = MASKED_PIN
const COPIED_FOR_MS = 2_000

function EyeIcon({ crossed }: { crossed: boolean }) {
  return (
    <svg viewBox="0 0 20 20" aria-hidden="true" className="size-4">
      <path
        d="M1.8 10s3-5.5 8.2-5.5S18.2 10 18.2 10s-3 5.5-8.2 5.5S1.8 10 1.8 10z"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.5"
        strokeLinejoin="round"
      />
      <circle cx="10" cy="10" r="2.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
      {crossed && <path d="M3.5 3.5l13 13" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />}
    </svg>
  )
}

const iconButton =
  'inline-flex size-8 shrink-0 items-center justify-center rounded-md text-slate-600 hover:bg-slate-100 hover:text-slate-900 aria-pressed:bg-slate-100 aria-pressed:text-slate-900'

/**
 * A PIN hidden until asked for. The name of the code goes into each button's name, so a screen reader moving through
 * a table of fifty rows hears which PIN it would reveal or copy.
 */
export function PinCell({
  pin,
  codeName,
  owner,
}: {
  pin: string | null
  codeName: string
  /** Whose PIN it is: a member, who is sent the PIN masked, reveals it through this (an admin never needs to). */
  owner?: PinOwner | undefined
}) {
  // Only codes on locks that choose their own PINs have none: the lock has not given this one yet.
  if (pin === null) return <span className="text-sm text-slate-500">Waiting for the lock to assign a PIN</span>
  if (isMaskedPin(pin)) return <MaskedPin owner={owner} codeName={codeName} />
  return <ShownPin pin={pin} codeName={codeName} initiallyRevealed={false} />
}

/**
 * A PIN the server masked (the viewer is a member, not an admin): Reveal asks for it, and the server records who
 * revealed it. Revealed, it behaves like any PIN, shown.
 */
function MaskedPin({ owner, codeName }: { owner: PinOwner | undefined; codeName: string }) {
  const reveal = useRevealCode(owner ?? { access_code_id: '' })
  if (reveal.isSuccess) {
    const revealed = reveal.data
    if (revealed === null) return <span className="text-sm text-slate-500">Waiting for the lock to assign a PIN</span>
    return <ShownPin pin={revealed} codeName={codeName} initiallyRevealed />
  }
  return (
    <div className="flex items-center gap-1.5">
      <span className="min-w-[4.5rem] font-mono text-sm tracking-widest text-slate-500">
        <span aria-hidden="true">{MASK}</span>
        <span className="sr-only">PIN hidden</span>
      </span>
      {owner !== undefined && (
        <button
          type="button"
          className="inline-flex h-8 items-center gap-1 rounded-md px-2 text-sm font-medium text-brand-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-600 disabled:opacity-60"
          aria-label={`Reveal PIN for ${codeName}`}
          disabled={reveal.isPending}
          onClick={() => reveal.mutate()}
        >
          <EyeIcon crossed={false} />
          {reveal.isPending ? 'Revealing…' : 'Reveal'}
        </button>
      )}
      <span role="status" aria-live="polite" className="text-xs font-medium text-red-700">
        {reveal.isError ? 'Could not reveal' : ''}
      </span>
    </div>
  )
}

function ShownPin({ pin, codeName, initiallyRevealed }: { pin: string; codeName: string; initiallyRevealed: boolean }) {
  const [revealed, setRevealed] = useState(initiallyRevealed)
  const { outcome, copy } = useCopyToClipboard(COPIED_FOR_MS)

  return (
    <div className="flex items-center gap-0.5">
      <span
        className={cx(
          'min-w-[4.5rem] font-mono text-sm tabular-nums',
          revealed ? 'tracking-wider text-slate-900' : 'tracking-widest text-slate-500',
        )}
      >
        {revealed ? (
          pin
        ) : (
          <>
            <span aria-hidden="true">{MASK}</span>
            <span className="sr-only">PIN hidden</span>
          </>
        )}
      </span>
      <button
        type="button"
        className={iconButton}
        aria-pressed={revealed}
        aria-label={`Show PIN for ${codeName}`}
        onClick={() => setRevealed((r) => !r)}
      >
        <EyeIcon crossed={revealed} />
      </button>
      <button
        type="button"
        className={iconButton}
        aria-label={`Copy PIN for ${codeName}`}
        onClick={() => void copy(pin)}
      >
        <CopyIcon />
      </button>
      <span
        role="status"
        aria-live="polite"
        className={cx('text-xs font-medium', outcome === 'copied' ? 'text-emerald-700' : 'text-red-700')}
      >
        {outcome === 'copied' ? 'Copied' : outcome === 'failed' ? 'Could not copy' : ''}
      </span>
    </div>
  )
}
