import { cx } from '@/components/ui/cx'

/** A keyhole in a rounded square. Decorative: the product name always sits next to it or in the heading. */
export function LogoMark({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" aria-hidden="true" className={cx('size-7', className)}>
      <rect width="32" height="32" rx="8" className="fill-brand-600" />
      <circle cx="16" cy="13" r="4.5" className="fill-white" />
      <path d="M13.6 15.5h4.8l1.4 9h-7.6z" className="fill-white" />
    </svg>
  )
}
