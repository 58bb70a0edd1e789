// npm run worker — runs the lock-side reconciler in its own process, on the store the app uses.
import { parseEnv } from '@/lib/config/env'
import { openStore, storeConfigFromEnv } from '@/lib/db/connection'
import { startReconciler } from '@/lib/sync/start-reconciler'
import { systemClock } from '@/lib/time/clock'

async function main(): Promise<void> {
  const env = parseEnv()
  const store = await openStore(storeConfigFromEnv(env))
  const reconciler = startReconciler(store, systemClock, env, 'worker')
  console.log(`Latchkey worker ${reconciler.owner} reconciling on ${store.engine}. Ctrl-C to stop.`)
  const stop = async (): Promise<void> => {
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
