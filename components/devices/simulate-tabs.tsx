'use client'

import { useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react'
import { cx } from '@/components/ui/cx'

export interface SimulateTab {
  key: string
  label: string
  panel: ReactNode
}

/**
 * Tabs as the WAI-ARIA pattern has them: arrow keys, Home and End move between tabs, and the panels stay mounted
 * (hidden), so a half-filled form or a result survives a look at another tab.
 */
export function SimulateTabs({ tabs, label }: { tabs: readonly SimulateTab[]; label: string }) {
  const baseId = useId()
  const [selected, setSelected] = useState(tabs[0]?.key ?? '')
  const refs = useRef(new Map<string, HTMLButtonElement>())
  const select = (index: number): void => {
    const tab = tabs[(index + tabs.length) % tabs.length]
    if (tab === undefined) return
    setSelected(tab.key)
    refs.current.get(tab.key)?.focus()
  }
  const onKeyDown = (event: KeyboardEvent, index: number): void => {
    const moves: Record<string, number> = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 }
    const next = moves[event.key]
    if (next === undefined) return
    event.preventDefault()
    select(next)
  }
  return (
    <div>
      <div role="tablist" aria-label={label} className="flex gap-1 overflow-x-auto border-b border-slate-200">
        {tabs.map((tab, index) => {
          const active = tab.key === selected
          return (
            <button
              key={tab.key}
              ref={(node) => {
                if (node === null) refs.current.delete(tab.key)
                else refs.current.set(tab.key, node)
              }}
              type="button"
              role="tab"
              id={`${baseId}-tab-${tab.key}`}
              aria-selected={active}
              aria-controls={`${baseId}-panel-${tab.key}`}
              tabIndex={active ? 0 : -1}
              onClick={() => setSelected(tab.key)}
              onKeyDown={(event) => onKeyDown(event, index)}
              className={cx(
                '-mb-px whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium',
                active
                  ? 'border-brand-600 text-brand-800'
                  : 'border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900',
              )}
            >
              {tab.label}
            </button>
          )
        })}
      </div>
      {tabs.map((tab) => (
        <div
          key={tab.key}
          role="tabpanel"
          id={`${baseId}-panel-${tab.key}`}
          aria-labelledby={`${baseId}-tab-${tab.key}`}
          hidden={tab.key !== selected}
          tabIndex={0}
          className="pt-4"
        >
          {tab.panel}
        </div>
      ))}
    </div>
  )
}
