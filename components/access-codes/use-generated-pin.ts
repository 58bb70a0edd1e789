'use client'

import { useState } from 'react'

/**
 * The "Generate" button of a PIN field: asks for a PIN, lets the form fill it in (or show why not), and says what
 * happened to screen readers. The code form and the bulk form share it; each keeps its own field wiring.
 */
export function useGeneratedPin({ fill, fail }: { fill(code: string): void; fail(error: unknown): void }) {
  const [generating, setGenerating] = useState(false)
  const [announcement, setAnnouncement] = useState('')
  const generate = async (ask: () => Promise<string>): Promise<void> => {
    setGenerating(true)
    try {
      const code = await ask()
      fill(code)
      setAnnouncement(`PIN ${code.split('').join(' ')} filled in.`)
    } catch (error) {
      fail(error)
    } finally {
      setGenerating(false)
    }
  }
  return { generating, announcement, generate }
}
