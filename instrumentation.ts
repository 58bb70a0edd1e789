// Starts the lock-side reconciler inside the web server (unless RECONCILER=off, when `npm run worker` runs it).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return
  const { getAppContext } = await import('@/lib/server/app-context')
  const { startReconciler } = await import('@/lib/sync/start-reconciler')
  const app = await getAppContext()
  if (app.env.RECONCILER === 'on') startReconciler(app.store, app.clock, app.env, 'web')
}
