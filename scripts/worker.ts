// npm run worker — runs the lock-side reconciler in its own process, on the store the app uses.
import { parseEnv } from '@/lib/config/env'
import { openStore, storeConfigFromEnv } from '@/lib/db/connection'
import { startSeamPolling } from '@/lib/seam/poll'
import { checkSeamSecretKey } from '@/lib/seam/startup-check'
import { startReconciler } from '@/lib/sync/start-reconciler'
import { systemClock } from '@/lib/time/clock'

async function main(): Promise<void> {
  const env = parseEnv()
  const store = await openStore(storeConfigFromEnv(env))
  // As the web server does (instrumentation.ts): Seam connections need LATCHKEY_SECRET_KEY, or the worker stops here.
  const seamKey = await checkSeamSecretKey(store.db, env).catch(async (error: unknown) => {
    await store.close()
    throw error
  })
  const reconciler = startReconciler(store, systemClock, env, 'worker')
  const stopSeamPolling = startSeamPolling(store.db, systemClock, () => seamKey, env.SEAM_SYNC_INTERVAL_MS)
  console.log(`Latchkey worker ${reconciler.owner} reconciling on ${store.engine}. Ctrl-C to stop.`)
  const stop = async (): Promise<void> => {
    stopSeamPolling()
    await reconciler.stop()
    await store.close()
    process.exit(0)
  }
  process.once('SIGINT', () => void stop())
  process.once('SIGTERM', () => void stop())
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
