import 'server-only'
import { parseEnv } from '@/lib/config/env'

export interface SessionPolicy {
  /** A session unused this long has ended, whatever its absolute expiry. */
  idleTimeoutMs: number
}

let fromEnv: SessionPolicy | undefined

/** The process's session policy, from SESSION_IDLE_TIMEOUT_MINUTES (parsed once, with the other settings). */
export function sessionPolicy(): SessionPolicy {
  fromEnv ??= { idleTimeoutMs: parseEnv().SESSION_IDLE_TIMEOUT_MINUTES * 60_000 }
  return fromEnv
}
