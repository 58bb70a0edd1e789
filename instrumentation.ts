// Starts the lock-side reconciler with the web server (unless RECONCILER=off, when `npm run worker` runs it): in a
// worker thread of its own, on the same store, so lock work and requests use both cores.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return
  const { getAppContext } = await import('@/lib/server/app-context')
  const app = await getAppContext()
  // Seam connections need LATCHKEY_SECRET_KEY: without it the server refuses to start, saying so (lib/seam).
  const { checkSeamSecretKey } = await import('@/lib/seam/startup-check')
  let seamKey: Buffer | undefined
  try {
    seamKey = await checkSeamSecretKey(app.db, app.env)
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error))
    process.exit(1)
  }
  // The API for scripts/server.mjs (`npm start`), which serves /api/* from node:http without Next's route layer.
  const { createNodeApiHandler, publishNodeApiHandler } = await import('@/lib/server/node-api')
  publishNodeApiHandler(createNodeApiHandler(getAppContext))
  if (app.env.RECONCILER !== 'on') return
  // Seam-backed locks are synced from Seam on a timer here; the writes it makes wake the reconciler thread.
  const { startSeamPolling } = await import('@/lib/seam/poll')
  startSeamPolling(app.db, app.clock, () => seamKey, app.env.SEAM_SYNC_INTERVAL_MS)
  const { storeConfigFromEnv } = await import('@/lib/db/connection')
  const { startReconcilerThread } = await import('@/lib/sync/reconciler-thread')
  startReconcilerThread(storeConfigFromEnv(app.env))
}
