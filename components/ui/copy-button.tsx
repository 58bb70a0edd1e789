'use client'

import { Button } from '@/components/ui/button'
import { CheckIcon, CopyIcon } from '@/components/ui/icons'
import { useCopyToClipboard } from '@/components/ui/use-copy-to-clipboard'

const COPIED_FOR_MS = 2_500

/** Copies `text`; if the browser refuses the clipboard, selects the element `targetId` so the person can copy it. */
export function CopyButton({
  text,
  label,
  targetId,
  variant = 'primary',
  className,
}: {
  text: string
  label: string
  targetId?: string
  variant?: 'primary' | 'secondary'
  className?: string
}) {
  const { outcome, copy } = useCopyToClipboard(COPIED_FOR_MS, { failureStays: true })
  const copied = outcome === 'copied'
  return (
    <>
      <Button
        variant={copied ? 'secondary' : variant}
        className={className}
        onClick={async () => {
          if (await copy(text)) return
          const target = targetId === undefined ? null : document.getElementById(targetId)
          if (target !== null) window.getSelection()?.selectAllChildren(target)
        }}
      >
        {copied ? <CheckIcon className="size-4" /> : <CopyIcon />}
        {copied ? 'Copied' : label}
      </Button>
      <span role="status" className="sr-only">
        {copied ? 'Copied to the clipboard.' : ''}
      </span>
      {outcome === 'failed' && (
        <p className="text-sm text-red-700 sm:self-center">
          The browser blocked copying.
          {targetId === undefined
            ? ' Select the text and copy it.'
            : ' Press Ctrl+C (⌘C on a Mac) to copy the selected text.'}
        </p>
      )}
    </>
  )
}
