import type { ReactNode } from 'react'
import { cx } from '@/components/ui/cx'

const tones = {
  danger: 'border-red-200 bg-red-50 text-red-900',
  warning: 'border-amber-200 bg-amber-50 text-amber-950',
  info: 'border-sky-200 bg-sky-50 text-sky-950',
  success: 'border-emerald-200 bg-emerald-50 text-emerald-900',
} as const

export function Alert({
  tone = 'info',
  title,
  children,
  className,
}: {
  tone?: keyof typeof tones
  title?: ReactNode
  children?: ReactNode
  className?: string
}) {
  return (
    <div
      role={tone === 'danger' ? 'alert' : 'status'}
      className={cx('rounded-md border px-4 py-3 text-sm', tones[tone], className)}
    >
      {title !== undefined && <p className="font-semibold">{title}</p>}
      {children !== undefined && <div className={title !== undefined ? 'mt-1' : undefined}>{children}</div>}
    </div>
  )
}
