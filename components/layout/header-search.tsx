'use client'

import { usePathname, useRouter, useSearchParams } from 'next/navigation'
import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { MAX_SEARCH_LENGTH } from '@/lib/schemas/access-code'

/** Whether a key press belongs to a field (or an editable region) rather than to the page. */
const typingIn = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement && target.closest('input, textarea, select, [contenteditable="true"]') !== null

/**
 * The header's search box: a guest's name, PIN digits, a code id or a lock's name; Enter opens the search page with the
 * results. "/" anywhere outside a field puts the cursor in it. On the search page it shows the search being looked at.
 * Without JavaScript it is a plain GET form to the same page.
 */
export function HeaderSearch({ workspaceId }: { workspaceId: string }) {
  const router = useRouter()
  const pathname = usePathname()
  const searchParams = useSearchParams()
  const action = `/w/${workspaceId}/search`
  const shown = pathname === action ? (searchParams.get('q') ?? '') : ''
  const [value, setValue] = useState(shown)
  // Another search opened (or the page left): the box follows the address.
  const [followed, setFollowed] = useState(shown)
  if (followed !== shown) {
    setFollowed(shown)
    setValue(shown)
  }
  const input = useRef<HTMLInputElement>(null)
  const inputId = useId()

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || typingIn(event.target)) return
      event.preventDefault()
      input.current?.focus()
      input.current?.select()
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [])

  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault()
    const search = value.trim()
    if (search === '') {
      input.current?.focus()
      return
    }
    router.push(`${action}?q=${encodeURIComponent(search)}`)
  }

  return (
    <form role="search" aria-label="Codes and locks" action={action} method="get" onSubmit={submit} className="w-full">
      <label htmlFor={inputId} className="sr-only">
        Search codes and locks
      </label>
      <div className="relative">
        <SearchIcon />
        <input
          ref={input}
          id={inputId}
          name="q"
          type="search"
          value={value}
          onChange={(event) => setValue(event.target.value)}
          placeholder="Guest, PIN, code id or lock"
          maxLength={MAX_SEARCH_LENGTH}
          autoComplete="off"
          spellCheck={false}
          enterKeyHint="search"
          aria-keyshortcuts="/"
          className="peer block h-9 w-full rounded-md border border-slate-300 bg-white pr-9 pl-8 text-sm text-slate-900 shadow-sm placeholder:text-slate-500 focus:border-brand-600 focus:ring-2 focus:ring-brand-600/30 focus:outline-none"
        />
        {/* The shortcut, shown to keyboard users while the box is empty and not focused. */}
        <kbd
          aria-hidden="true"
          className="pointer-events-none absolute top-1/2 right-2 hidden -translate-y-1/2 rounded border border-slate-300 px-1.5 font-sans text-xs text-slate-500 peer-focus:hidden peer-[:not(:placeholder-shown)]:hidden md:block"
        >
          /
        </kbd>
      </div>
    </form>
  )
}

function SearchIcon() {
  return (
    <svg
      viewBox="0 0 20 20"
      aria-hidden="true"
      className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 fill-none stroke-slate-500"
      strokeWidth="1.75"
      strokeLinecap="round"
    >
      <circle cx="8.5" cy="8.5" r="5.25" />
      <path d="m12.5 12.5 4 4" />
    </svg>
  )
}
