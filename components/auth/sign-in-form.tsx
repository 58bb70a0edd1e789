'use client'

import { zodResolver } from '@hookform/resolvers/zod'
import { useRouter } from 'next/navigation'
import { useState } from 'react'
import { useForm } from 'react-hook-form'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { TextField } from '@/components/ui/field'
import { Spinner } from '@/components/ui/spinner'
import { apiRequest } from '@/lib/client/api-client'
import { applyApiErrorToForm } from '@/lib/client/form-errors'
import { signInInput, type SignInInput } from '@/lib/schemas/auth'

const fields = [
  { name: 'email', label: 'Email', type: 'email', autoComplete: 'username' },
  { name: 'password', label: 'Password', type: 'password', autoComplete: 'current-password' },
] as const

export function SignInForm() {
  const router = useRouter()
  const [failure, setFailure] = useState<string | undefined>()
  const form = useForm<SignInInput>({ resolver: zodResolver(signInInput), defaultValues: { email: '', password: '' } })
  const { errors, isSubmitting } = form.formState

  const onSubmit = form.handleSubmit(async (values) => {
    setFailure(undefined)
    try {
      await apiRequest('/auth/sign_in', { body: values })
      router.replace('/')
      router.refresh()
    } catch (error) {
      setFailure(applyApiErrorToForm(error, form.setError, { email: 'email', password: 'password' }))
    }
  })

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      {failure !== undefined && <Alert tone="danger">{failure}</Alert>}
      {fields.map((field) => (
        <TextField
          key={field.name}
          id={field.name}
          label={field.label}
          type={field.type}
          autoComplete={field.autoComplete}
          error={errors[field.name]?.message}
          {...form.register(field.name)}
        />
      ))}
      <Button type="submit" className="w-full" disabled={isSubmitting}>
        {isSubmitting && <Spinner />}
        Sign in
      </Button>
    </form>
  )
}
