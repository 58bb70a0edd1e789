import { connection } from 'next/server'
import { ButtonLink } from '@/components/ui/button'

export default async function NotFound() {
  // Rendered per request, like every page, so that its scripts carry the request's CSP nonce (proxy.ts).
  await connection()
  return (
    <main className="mx-auto max-w-xl px-4 py-16">
      <div className="flex flex-col items-center gap-2 px-6 py-12 text-center">
        <h1 className="text-xl font-semibold text-slate-900">Page not found</h1>
        <p className="max-w-md text-sm text-slate-600">
          This page does not exist, or it belongs to a workspace you are not a member of.
        </p>
        <div className="mt-2">
          <ButtonLink href="/">Back to your locks</ButtonLink>
        </div>
      </div>
    </main>
  )
}
