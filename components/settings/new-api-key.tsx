'use client'

import { useEffect, useRef } from 'react'
import { Button } from '@/components/ui/button'
import { CopyButton } from '@/components/ui/copy-button'
import type { CreateApiKeyResponse } from '@/lib/schemas/api-key'

/** The new key, shown this once, with a way to copy it. */
export function NewApiKey({ created, onDone }: { created: CreateApiKeyResponse; onDone(): void }) {
  const headingRef = useRef<HTMLHeadingElement>(null)
  // Screen readers and keyboards land on the box at once: it is the one thing to act on now.
  useEffect(() => headingRef.current?.focus(), [])
  return (
    <section aria-labelledby="new-api-key-title" className="rounded-lg border-2 border-amber-400 bg-amber-50 p-4">
      <h3 id="new-api-key-title" ref={headingRef} tabIndex={-1} className="text-base font-semibold text-amber-950">
        Copy your new key for “{created.api_key.name}” now
      </h3>
      <p className="mt-1 text-sm text-amber-950">
        <strong>You will not see it again.</strong> Latchkey keeps only a fingerprint of the key, so it cannot show it
        to you later. Store it where your software reads its secrets, such as an environment variable or a password
        manager.
      </p>
      <div className="mt-3 flex flex-col gap-2 sm:flex-row sm:items-start">
        {/* Wraps rather than scrolls, so the whole key is visible on a phone too; one click selects all of it. */}
        <code
          id="new-api-key"
          className="block min-w-0 flex-1 rounded-md border border-amber-300 bg-white px-3 py-2 font-mono text-sm break-all text-slate-900 shadow-sm select-all"
        >
          {created.token}
        </code>
        <CopyButton text={created.token} label="Copy key" targetId="new-api-key" className="shrink-0" />
      </div>
      <div className="mt-4 flex justify-end">
        <Button variant="secondary" onClick={onDone}>
          I have saved the key
        </Button>
      </div>
    </section>
  )
}
