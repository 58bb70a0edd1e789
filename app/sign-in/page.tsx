import type { Metadata } from 'next'
import { redirect } from 'next/navigation'
import { SignInForm } from '@/components/auth/sign-in-form'
import { LogoMark } from '@/components/layout/logo'
import { getSignedIn } from '@/lib/server/session'

export const metadata: Metadata = { title: 'Sign in' }

export default async function SignInPage() {
  if ((await getSignedIn()) !== undefined) redirect('/')
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-8 flex flex-col items-center gap-3 text-center">
          <LogoMark className="size-10" />
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Sign in to Latchkey</h1>
          <p className="text-sm text-slate-600">Access codes for every lock you manage.</p>
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          <SignInForm />
        </div>
      </div>
    </main>
  )
}
