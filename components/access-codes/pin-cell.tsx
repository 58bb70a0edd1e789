'use client'

import { useEffect, useRef, useState } from 'react'
import { cx } from '@/components/ui/cx'

const MASK = '••••'
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

function CopyIcon() {
  return (
    <svg viewBox="0 0 20 20" aria-hidden="true" className="size-4">
      <rect x="7" y="7" width="9.5" height="9.5" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
      <path
        d="M13 4.5V4.2A1.2 1.2 0 0 0 11.8 3H4.7A1.7 1.7 0 0 0 3 4.7v7.1A1.2 1.2 0 0 0 4.2 13h.3"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.5"
      />
    </svg>
  )
}

const iconButton =
  'inline-flex size-8 shrink-0 items-center justify-center rounded-md text-slate-600 hover:bg-slate-100 hover:text-slate-900 aria-pressed:bg-slate-100 aria-pressed:text-slate-900'

/**
 * A PIN hidden until asked for. The name of the code goes into each button's name, so a screen reader moving through
 * a table of fifty rows hears which PIN it would reveal or copy.
 */
export function PinCell({ pin, codeName }: { pin: string | null; codeName: string }) {
  const [revealed, setRevealed] = useState(false)
  const [copyMessage, setCopyMessage] = useState('')
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  useEffect(() => () => clearTimeout(timer.current), [])

  if (pin === null) return <span className="text-sm text-slate-500">Assigned by the lock</span>

  const flash = (message: string) => {
    setCopyMessage(message)
    clearTimeout(timer.current)
    timer.current = setTimeout(() => setCopyMessage(''), COPIED_FOR_MS)
  }
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(pin)
      flash('Copied')
    } catch {
      flash('Could not copy')
    }
  }

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
      <button type="button" className={iconButton} aria-label={`Copy PIN for ${codeName}`} onClick={() => void copy()}>
        <CopyIcon />
      </button>
      <span
        role="status"
        aria-live="polite"
        className={cx('text-xs font-medium', copyMessage === 'Copied' ? 'text-emerald-700' : 'text-red-700')}
      >
        {copyMessage}
      </span>
    </div>
  )
}
