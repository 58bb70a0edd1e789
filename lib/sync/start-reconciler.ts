import 'server-only'
import os from 'node:os'
import type { Env } from '@/lib/config/env'
import type { Store } from '@/lib/db/connection'
import { createProviderResolver } from '@/lib/locks/providers'
import { Reconciler } from '@/lib/sync/reconciler'
import type { Clock } from '@/lib/time/clock'

/** The reconciler as the web server and `npm run worker` run it: real clock, sandbox latency from the settings. */
export function startReconciler(store: Store, clock: Clock, env: Env, role: 'web' | 'worker'): Reconciler {
  const reconciler = new Reconciler({
    // The web server's name includes its port, so two servers on one host never share leases.
    owner: env.INSTANCE_ID ?? (role === 'web' ? `${os.hostname()}/web:${env.PORT}` : `${os.hostname()}/worker`),
    db: store.db,
    engine: store.engine,
    clock,
    leaseMs: env.RECONCILER_LEASE_MS,
    roundSpacingMs: env.RECONCILER_ROUND_SPACING_MS,
    providerFor: createProviderResolver({ db: store.db, clock, sandboxLatencyScale: env.SANDBOX_LATENCY_SCALE }),
  })
  reconciler.start()
  return reconciler
}
