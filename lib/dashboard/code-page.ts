import 'server-only'
import { toAccessCodeObject } from '@/lib/access-codes/access-code-object'
import { freeBackupCounts, loadAccessCode } from '@/lib/access-codes/access-code-store'
import type { ServiceContext } from '@/lib/context'
import { pageLockOf, type PageLock } from '@/lib/dashboard/page-lock'
import { fromBool } from '@/lib/db/values'
import { loadDevice } from '@/lib/devices/load-device'
import { explainAccessCode } from '@/lib/explain/explain-access-code'
import type { AccessCode } from '@/lib/schemas/access-code'
import type { Explanation } from '@/lib/schemas/explanation'
import { codeDisplayName } from '@/lib/shared/code-name'

export interface CodePage {
  lock: PageLock
  /** The code as /access_codes/get answers with it: `useAccessCode`'s first data. */
  code: AccessCode
  /** Its name, or "Unnamed code". */
  name: string
  /** A time-bound code created with the backup pool: the page offers to pull a backup. */
  offersBackup: boolean
  /** Why it does or does not open the door, as /access_codes/explain answers: `useAccessCodeExplanation`'s first data. */
  explanation: Explanation
}

/** The code page: the code (read once), its lock, and why it does or does not open the door. */
export async function loadCodePage(ctx: ServiceContext, accessCodeId: string): Promise<CodePage> {
  const row = await loadAccessCode(ctx, accessCodeId)
  const [device, freeBackups, explanation] = await Promise.all([
    loadDevice(ctx, row.device_id),
    freeBackupCounts(ctx.db, [row.device_id], ctx.clock.now()),
    explainAccessCode(ctx, accessCodeId),
  ])
  const code = toAccessCodeObject(row, (freeBackups.get(row.device_id) ?? 0) > 0)
  return {
    lock: pageLockOf(device, ctx.clock.now()),
    code,
    name: codeDisplayName(code),
    // Whether the code asked for the pool is in the store; the wire object only says whether a backup is free.
    offersBackup: code.type === 'time_bound' && fromBool(row.use_backup_access_code_pool),
    explanation,
  }
}
