'use client'

import { useCallback, useEffect, useState } from 'react'

type CopyOutcome = 'idle' | 'copied' | 'failed'

/**
 * Copies text to the clipboard and says how it went. The outcome goes back to idle after `showForMs`; a failure
 * stays when `failureStays` is set, for callers whose failure message tells the person what to do instead.
 */
export function useCopyToClipboard(showForMs: number, { failureStays = false }: { failureStays?: boolean } = {}) {
  // `at` restarts the countdown when the same outcome comes twice in a row.
  const [state, setState] = useState<{ outcome: CopyOutcome; at: number }>({ outcome: 'idle', at: 0 })
  const { outcome, at } = state

  useEffect(() => {
    if (outcome === 'idle' || (outcome === 'failed' && failureStays)) return
    const timer = setTimeout(() => setState({ outcome: 'idle', at: 0 }), showForMs)
    return () => clearTimeout(timer)
  }, [outcome, at, showForMs, failureStays])

  const copy = useCallback(async (text: string): Promise<boolean> => {
    let copied = true
    try {
      await navigator.clipboard.writeText(text)
    } catch {
      copied = false
    }
    setState((previous) => ({ outcome: copied ? 'copied' : 'failed', at: previous.at + 1 }))
    return copied
  }, [])

  return { outcome, copy }
}
