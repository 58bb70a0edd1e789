'use client'

import { zodResolver } from '@hookform/resolvers/zod'
import { useRouter } from 'next/navigation'
import { useState } from 'react'
import { useForm } from 'react-hook-form'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { describedBy, Field, TextInput } from '@/components/ui/field'
import { Spinner } from '@/components/ui/spinner'
import { ApiClientError, apiRequest } from '@/lib/client/api-client'
import { signInInput, type SignInInput } from '@/lib/schemas/auth'

export function SignInForm() {
  const router = useRouter()
  const [failure, setFailure] = useState<string | undefined>()
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<SignInInput>({ resolver: zodResolver(signInInput), defaultValues: { email: '', password: '' } })

  const onSubmit = handleSubmit(async (values) => {
    setFailure(undefined)
    try {
      await apiRequest('/auth/sign_in', { body: values })
      router.replace('/')
      router.refresh()
    } catch (error) {
      if (error instanceof ApiClientError && error.type === 'invalid_input') {
        for (const [field, messages] of Object.entries(error.fieldErrors)) {
          if (field === 'email' || field === 'password') setError(field, { message: messages.join(' ') })
        }
      }
      setFailure(error instanceof Error ? error.message : 'Signing in failed.')
    }
  })

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      {failure !== undefined && <Alert tone="danger">{failure}</Alert>}
      <Field id="email" label="Email" error={errors.email?.message}>
        <TextInput
          id="email"
          type="email"
          autoComplete="username"
          invalid={errors.email !== undefined}
          aria-describedby={describedBy('email', errors.email?.message, false)}
          {...register('email')}
        />
      </Field>
      <Field id="password" label="Password" error={errors.password?.message}>
        <TextInput
          id="password"
          type="password"
          autoComplete="current-password"
          invalid={errors.password !== undefined}
          aria-describedby={describedBy('password', errors.password?.message, false)}
          {...register('password')}
        />
      </Field>
      <Button type="submit" className="w-full" disabled={isSubmitting}>
        {isSubmitting && <Spinner />}
        Sign in
      </Button>
    </form>
  )
}
