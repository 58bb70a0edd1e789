import { forwardRef, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from 'react'
import { cx } from '@/components/ui/cx'

const control =
  'block w-full rounded-md border bg-white px-3 py-2 text-sm text-slate-900 shadow-sm placeholder:text-slate-400 disabled:bg-slate-100 disabled:text-slate-500'
const controlBorder = (invalid: boolean): string => (invalid ? 'border-red-500' : 'border-slate-300')

export interface FieldProps {
  id: string
  label: ReactNode
  hint?: ReactNode
  error?: string | undefined
  children: ReactNode
  className?: string
}

/** A labelled control with its hint and error, wired for screen readers (aria-describedby, aria-invalid on the control). */
export function Field({ id, label, hint, error, children, className }: FieldProps) {
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <div className="mt-1">{children}</div>
      {hint !== undefined && error === undefined && (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-600">
          {hint}
        </p>
      )}
      <FieldError id={id} error={error} />
    </div>
  )
}

/** The message under a control (or a group of them) whose value is wrong; `${id}-error` for aria-describedby. */
export function FieldError({ id, error }: { id: string; error: string | undefined }) {
  if (error === undefined) return null
  return (
    <p id={`${id}-error`} role="alert" className="mt-1 text-sm text-red-700">
      {error}
    </p>
  )
}

export const describedBy = (id: string, error: string | undefined, hasHint: boolean): string | undefined =>
  error !== undefined ? `${id}-error` : hasHint ? `${id}-hint` : undefined

export const TextInput = forwardRef<HTMLInputElement, InputHTMLAttributes<HTMLInputElement> & { invalid?: boolean }>(
  function TextInput({ invalid = false, className, ...props }, ref) {
    return (
      <input
        ref={ref}
        aria-invalid={invalid || undefined}
        className={cx(control, controlBorder(invalid), className)}
        {...props}
      />
    )
  },
)

export const SelectInput = forwardRef<
  HTMLSelectElement,
  SelectHTMLAttributes<HTMLSelectElement> & { invalid?: boolean }
>(function SelectInput({ invalid = false, className, ...props }, ref) {
  return (
    <select
      ref={ref}
      aria-invalid={invalid || undefined}
      className={cx(control, controlBorder(invalid), 'pr-8', className)}
      {...props}
    />
  )
})

type TextFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> &
  Pick<FieldProps, 'id' | 'label' | 'hint' | 'error'> & { fieldClassName?: string }

/** A labelled text input with its hint and error: `Field` and `TextInput` wired together. */
export const TextField = forwardRef<HTMLInputElement, TextFieldProps>(function TextField(
  { id, label, hint, error, fieldClassName, ...input },
  ref,
) {
  return (
    <Field id={id} label={label} hint={hint} error={error} className={fieldClassName}>
      <TextInput
        ref={ref}
        id={id}
        invalid={error !== undefined}
        aria-describedby={describedBy(id, error, hint !== undefined)}
        {...input}
      />
    </Field>
  )
})
