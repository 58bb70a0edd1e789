import 'server-only'
import { parentPort, workerData } from 'node:worker_threads'
import { parseEnv } from '@/lib/config/env'
import { openStore, type StoreConfig } from '@/lib/db/connection'
import { startReconciler } from '@/lib/sync/start-reconciler'
import { wakeReconcilersHere } from '@/lib/sync/wakeup'
import { systemClock } from '@/lib/time/clock'

/**
 * The reconciler thread of the web server (started by lib/sync/reconciler-thread.ts): its own connection to the store
 * the web thread uses (`workerData.store`) and the reconciler as `npm start` runs it, so lock work uses the second
 * core instead of the request thread. The web thread posts 'wake' after each write that asked for lock work, and
 * 'stop' when the server stops.
 */
async function main(): Promise<void> {
  const port = parentPort
  if (port === null) throw new Error('reconciler-worker.ts runs as a worker thread')
  const { store: config } = workerData as { store: StoreConfig }
  const env = parseEnv()
  const store = await openStore(config)
  const reconciler = startReconciler(store, systemClock, env, 'web')
  port.on('message', (message: unknown) => {
    if (message === 'wake') wakeReconcilersHere()
    if (message === 'stop')
      void reconciler
        .stop()
        .then(() => store.close())
        .finally(() => port.close())
  })
  port.postMessage('ready')
}

main().catch((error: unknown) => {
  console.error('[reconciler thread] could not start:', error)
  throw error
})
