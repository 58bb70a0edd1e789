import 'server-only'
import type { LockIssue } from '@/lib/locks/lock-provider'

// What a Seam-backed lock's codes show while Seam itself cannot be asked (no answer, 5xx, or a 429 to wait out).
// Seam's access code object has a closed list of warnings (a discriminated union in @seamapi/types), so Latchkey does
// not invent codes such as `seam_unreachable`: a code waiting on Seam shows the spec's delay warning, which is what it
// is (its programming or removal is delayed), and clears when the work is done. Codes already on the lock show
// nothing: a Seam outage does not change what the keypad holds. The outage itself is the connection's (settings page,
// lock page, problems queue `seam_connection`).
export const PROGRAM_DELAYED: LockIssue = { code: 'delay_in_setting_on_device', kind: 'warning' }
export const REMOVAL_DELAYED: LockIssue = { code: 'delay_in_removing_from_device', kind: 'warning' }
