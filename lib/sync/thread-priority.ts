import 'server-only'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

/**
 * Lowers the scheduling priority of the calling thread only (Linux: `setpriority` on the thread's own id, which
 * `/proc/thread-self` names), so that on a busy machine the web thread's requests get the cores first and the lock
 * work takes what they leave. Lowering needs no privilege. Answers the nice value the thread now has, or undefined
 * where threads cannot be told apart (no /proc/thread-self) or the system refused.
 */
export function lowerThreadPriority(nice: number): number | undefined {
  let threadId: number
  try {
    threadId = Number(path.basename(fs.readlinkSync('/proc/thread-self')))
  } catch {
    return undefined
  }
  if (!Number.isInteger(threadId) || threadId <= 0) return undefined
  try {
    os.setPriority(threadId, nice)
    return os.getPriority(threadId)
  } catch {
    return undefined
  }
}
