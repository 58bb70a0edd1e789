import 'server-only'
import { Worker } from 'node:worker_threads'
import type { StoreConfig } from '@/lib/db/connection'
import { onSyncRequested } from '@/lib/sync/wakeup'

/**
 * The thread's own heap: what the reconciler holds is a few passes' rows, so bounds well under the web thread's keep
 * the server's RSS in check (a 10,000-code burst on 500 locks runs in them); past them the thread dies and is started
 * again.
 */
const THREAD_OLD_SPACE_MB = 64
const THREAD_YOUNG_SPACE_MB = 8

/** How long a reconciler thread that died waits before it is started again (longer each time, up to the last). */
const RESTART_DELAYS_MS = [1_000, 2_000, 5_000, 10_000, 30_000]

export interface ReconcilerThread {
  /** Wake-up messages sent to the thread, and times it was started again after it died. */
  readonly stats: { wakesSent: number; restarts: number }
  stop(): Promise<void>
}

/** The worker as the built server starts it; tests give one that loads the TypeScript source. */
export type WorkerFactory = (workerData: { store: StoreConfig }) => Worker

const bundledWorker: WorkerFactory = (workerData) =>
  new Worker(new URL('./reconciler-worker.ts', import.meta.url), {
    workerData,
    resourceLimits: { maxOldGenerationSizeMb: THREAD_OLD_SPACE_MB, maxYoungGenerationSizeMb: THREAD_YOUNG_SPACE_MB },
  })

/**
 * Runs the reconciler in a worker thread of the web server (lib/sync/reconciler-worker.ts), on its own connection to
 * `store`. Writes on the request thread wake it with a message once they commit (one message per burst of writes in a
 * turn of the event loop); everything else it reads from the store, as a separate `npm run worker` would. A thread that
 * dies is started again after a delay; its claims on devices run out with their lease, so no lock work is lost.
 */
export function startReconcilerThread(
  store: StoreConfig,
  createWorker: WorkerFactory = bundledWorker,
): ReconcilerThread {
  let worker: Worker | undefined
  let stopping = false
  let failuresInARow = 0
  let wakePending = false
  let restartTimer: NodeJS.Timeout | undefined
  const stats = { wakesSent: 0, restarts: 0 }

  const start = (): void => {
    const thread = createWorker({ store })
    worker = thread
    thread.on('message', (message: unknown) => {
      if (message === 'ready') failuresInARow = 0
    })
    thread.on('error', (error) => console.error('[reconciler thread] failed:', error))
    thread.on('exit', (code) => {
      if (worker === thread) worker = undefined
      if (stopping) return
      const delay = RESTART_DELAYS_MS[Math.min(failuresInARow, RESTART_DELAYS_MS.length - 1)] ?? 30_000
      failuresInARow++
      console.error(`[reconciler thread] stopped (exit ${code}); starting it again in ${delay} ms`)
      restartTimer = setTimeout(() => {
        stats.restarts++
        start()
      }, delay)
      restartTimer.unref()
    })
  }

  const unsubscribe = onSyncRequested(() => {
    if (wakePending) return
    wakePending = true
    queueMicrotask(() => {
      wakePending = false
      if (worker === undefined) return
      worker.postMessage('wake')
      stats.wakesSent++
    })
  })
  start()

  return {
    stats,
    async stop() {
      stopping = true
      unsubscribe()
      if (restartTimer !== undefined) clearTimeout(restartTimer)
      const thread = worker
      if (thread === undefined) return
      const exited = new Promise<void>((resolve) => thread.once('exit', () => resolve()))
      thread.postMessage('stop')
      const kill = setTimeout(() => void thread.terminate(), 10_000)
      await exited
      clearTimeout(kill)
    },
  }
}
