/**
 * One catalogue of every access-code error and warning code of Seam's access code object (its reference page,
 * sections "Errors" and "Warnings"; the tests compare it with the variants in @seamapi/types, plus the few newer
 * codes kept in issue-catalogue.spec-facts.json).
 *
 * Each entry carries the Seam-style API `message`, plus a title, a plain-language explanation and concrete next
 * steps for a property manager. The API builds `access_code.errors` / `.warnings` from it (`issueObject`), and the
 * UI shows the human text (`describeIssue`).
 *
 * Pure data and tiny helpers only: no Next.js or Node imports, so the browser bundle can import it.
 */

export type IssueKind = 'error' | 'warning'

/**
 * Who the issue is about. For errors this also decides the flags on the wire (see `issueObject`):
 * `access_code` → `is_access_code_error`, `device` → `is_device_error`, `connected_account` →
 * `is_connected_account_error` (and `is_device_error: false`), `bridge` → `is_bridge_error` and
 * `is_connected_account_error`. Warnings carry no flags on the wire, so for them the scope is informational.
 */
export type IssueScope = 'access_code' | 'device' | 'connected_account' | 'bridge'

/**
 * `critical`: the code will not work at the door (or may keep working after it should have stopped) until someone
 * acts. `problem`: something is wrong and may need attention; Latchkey is usually still retrying. `notice`: for
 * information; nothing is broken.
 */
export type IssueSeverity = 'critical' | 'problem' | 'notice'

export interface IssueEntry {
  code: string
  kind: IssueKind
  scope: IssueScope
  /** Short human title, e.g. "Lock is offline". */
  title: string
  /** The API `message` text, Seam-style, e.g. "Device is offline." */
  message: string
  /** What happened and what it means at the door, in plain language. */
  explanation: string
  /** Concrete next steps. */
  whatToDo: string
  severity: IssueSeverity
}

type Draft = Omit<IssueEntry, 'kind'>

function index(kind: IssueKind, drafts: readonly Draft[]): Record<string, IssueEntry> {
  const out: Record<string, IssueEntry> = {}
  for (const draft of drafts) out[draft.code] = Object.freeze({ ...draft, kind })
  return Object.freeze(out)
}

// ---------------------------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------------------------

const errorDrafts: readonly Draft[] = [
  // --- Generic access-code errors ------------------------------------------------------------------------------
  {
    code: 'failed_to_set_on_device',
    scope: 'access_code',
    severity: 'critical',
    title: 'Code could not be programmed',
    message: 'Failed to set code on device.',
    explanation:
      'Latchkey tried several times to put this code on the lock and every attempt failed, or the lock was offline ' +
      'and the code was made not to wait for it (attempt_for_offline_device: false). The PIN will not open the ' +
      'door until it is programmed.',
    // Reconciler: refusals are retried on the backoff (5 s doubling to 5 min); saving starts a pass at once.
    // A code declined on an offline lock waits for a new PIN or window (plan-code.ts).
    whatToDo:
      'Check that the lock is online and its batteries are good, that its keypad has a free slot, and that the PIN ' +
      'follows the lock’s rules. Latchkey keeps retrying, with gaps growing up to 5 minutes, and the error clears by ' +
      'itself once the lock takes the code; saving the code retries straight away. A code made not to wait for an ' +
      'offline lock is not retried: give it a new PIN or new dates once the lock is online. If the guest arrives ' +
      'soon, arrange another way in until the code shows as set.',
  },
  {
    code: 'failed_to_remove_from_device',
    scope: 'access_code',
    severity: 'critical',
    title: 'Code could not be removed',
    message: 'Failed to remove code from device.',
    explanation:
      'Latchkey could not delete this code from the lock, so the PIN may still open the door after it should have ' +
      'stopped working.',
    // Reconciler: removals are retried; an entry found gone from the keypad ends the removal.
    whatToDo:
      'Check that the lock is online; Latchkey keeps retrying, and the error clears once the lock confirms the ' +
      'removal. If it does not clear, delete the code in the lock maker’s app or at the keypad using the lock’s ' +
      'programming/master code: Latchkey sees it gone on its next check. Treat a departed guest’s PIN as still ' +
      'active until it is confirmed gone.',
  },
  {
    code: 'no_space_for_access_code_on_device',
    scope: 'access_code',
    severity: 'critical',
    title: 'Lock is full',
    message: 'No space for access code on device.',
    explanation:
      'Every code slot on the lock is already taken, so this code could not be added and will not work at the door.',
    // Reconciler: refusals are retried on the backoff (5 s doubling to 5 min); saving starts a pass at once.
    whatToDo:
      'Free a slot: delete expired or unneeded codes in Latchkey, and look at this lock’s unmanaged codes for old ' +
      'PINs added in the maker’s app or at the keypad. Latchkey keeps retrying, and programs the code as soon as ' +
      'there is room.',
  },
  {
    code: 'duplicate_code_on_device',
    scope: 'access_code',
    severity: 'critical',
    title: 'PIN already on the lock',
    message: 'Duplicate access code detected on device.',
    explanation:
      'The lock already holds another code with the same digits (possibly one added outside Latchkey) and will not ' +
      'store the same PIN twice, so this code was not added.',
    // Reconciler: refusals are retried on the backoff (5 s doubling to 5 min); saving starts a pass at once.
    whatToDo:
      'Give this code a different PIN, or delete the other code with the same digits (check this lock’s unmanaged ' +
      'codes as well as its Latchkey codes). Latchkey keeps retrying, and programs the code once the lock takes it.',
  },
  {
    code: 'duplicate_code_attempt_prevented',
    scope: 'access_code',
    severity: 'problem',
    title: 'Change blocked to avoid a clash',
    message: 'An attempt to modify this access code was prevented.',
    explanation:
      'A change to this code was stopped because it would have clashed with another code on the lock, usually ' +
      'because the new PIN is already in use there. The lock still holds whatever it held before the change.',
    // Reconciler: refusals are retried on the backoff (5 s doubling to 5 min); saving starts a pass at once.
    whatToDo:
      'Pick a PIN that no other code on this lock uses (including unmanaged codes) and save the code: Latchkey sends ' +
      'it at once. Latchkey also retries the change by itself, and the error clears once the lock takes it. Confirm ' +
      'which PIN the guest should use before sending it.',
  },
  {
    code: 'code_modified_external_to_seam',
    scope: 'access_code',
    severity: 'critical',
    title: 'Code changed outside Latchkey',
    message: 'Code was modified or removed externally after it was successfully set on the device.',
    explanation:
      'After Latchkey put this code on the lock, someone changed or deleted it directly: in the maker’s app, through ' +
      'another integration, or at the keypad. The PIN the guest was given may no longer work.',
    // Reconciler: the PIN is programmed again in the pass that notices the change (plan-code.ts).
    whatToDo:
      'Nothing to undo by hand: Latchkey is putting the code back as it should be, and the error clears once the ' +
      'lock holds it again. Find out who changed it (the maker’s app activity log, other apps connected to the lock) ' +
      'so it does not happen again. If changes made in the maker’s app should be kept, allow external modification ' +
      'on this code.',
  },

  // --- August / Yale (August app) ------------------------------------------------------------------------------
  {
    code: 'august_device_programming_delay',
    scope: 'access_code',
    severity: 'critical',
    title: 'August has not finished loading the code',
    message: 'Access code has not yet been fully moved to the device.',
    explanation:
      'August accepted the code but has still not confirmed it on the lock, well past the usual delay. August relays ' +
      'codes to the lock through its Wi-Fi bridge, and until the code arrives the PIN will not work.',
    // Reconciler: unconfirmed is a warning first, this error after 3 tries; Latchkey keeps asking.
    whatToDo:
      'Check in the August app that the lock shows as connected (bridge plugged in and close to the lock, lock ' +
      'batteries good). Opening the August app next to the lock pushes pending codes over Bluetooth. Latchkey keeps ' +
      'asking, and the error clears once August confirms the code; saving the code asks again straight away.',
  },
  {
    code: 'august_lock_temporarily_offline',
    scope: 'access_code',
    severity: 'critical',
    title: 'August lock is offline',
    message: 'August lock is temporarily offline.',
    explanation:
      'The August lock has lost its connection to August through its Wi-Fi bridge (or built-in Wi-Fi) for long ' +
      'enough that this code could not be programmed. The PIN will not work until the lock reconnects and receives ' +
      'it; codes already on the keypad keep working.',
    // Reconciler: a device condition, gone once the lock stops reporting it; waiting work is retried meanwhile.
    whatToDo:
      'Check that the August Connect / Wi-Fi bridge is plugged in within range of the lock, that the home Wi-Fi is ' +
      'up, and that the lock batteries are not low. Nothing needs redoing in Latchkey: once the lock answers again, ' +
      'the error clears and Latchkey catches up by itself.',
  },
  {
    code: 'august_lock_missing_keypad',
    scope: 'access_code',
    severity: 'critical',
    title: 'August lock has no keypad',
    message: 'August lock is missing a keypad.',
    explanation:
      'August smart locks have no buttons of their own: PIN codes are entered on a separate keypad paired with the ' +
      'lock, and this lock has none paired. A guest has nowhere to type the code.',
    // Reconciler: a device condition, gone once the lock stops reporting it; waiting work is retried meanwhile.
    whatToDo:
      'Fit an August (or Yale) Smart Keypad and pair it with the lock in the August app, checking the keypad’s ' +
      'battery. Once the lock reports its keypad, the error clears and Latchkey sends the waiting codes by itself.',
  },
  {
    code: 'august_lock_invalid_code_length',
    scope: 'access_code',
    severity: 'critical',
    title: 'Wrong PIN length for this August lock',
    message: 'Invalid code length for August lock.',
    explanation:
      'August refused this PIN because the lock’s keypad does not accept codes of that length, so it was not added.',
    // Reconciler: refusals are retried on the backoff (5 s doubling to 5 min); saving starts a pass at once.
    whatToDo:
      'Give the code a PIN of the same length as the other codes on this lock (many August keypads only take codes ' +
      'of the length they already hold) and save it: Latchkey sends it at once. Latchkey also retries the current ' +
      'PIN, but a lock that wants another length keeps refusing it.',
  },
  {
    code: 'august_lock_not_authorized',
    scope: 'device',
    severity: 'critical',
    title: 'No permission to manage this August lock',
    message: 'User is not authorized to use the August lock.',
    explanation:
      'The August account connected to Latchkey only has guest access to this lock, and August lets only owners ' +
      'manage entry codes. Latchkey cannot add or remove codes on it.',
    // Reconciler: a device condition, gone once the lock stops reporting it; waiting work is retried meanwhile.
    whatToDo:
      'Ask the lock’s owner to give this account owner access in the August app. Once August lets the account manage ' +
      'the lock, the error clears and Latchkey sends the waiting codes by itself.',
  },
  {
    code: 'august_lock_missing_bridge',
    scope: 'device',
    severity: 'critical',
    title: 'August lock has no Wi-Fi bridge',
    message: 'Lock is not connected to a bridge.',
    explanation:
      'This August lock only talks over Bluetooth and is not linked to an August Connect Wi-Fi bridge, so Latchkey ' +
      'cannot reach it remotely to add or remove codes.',
    // Reconciler: a device condition, gone once the lock stops reporting it; waiting work is retried meanwhile.
    whatToDo:
      'Install an August Connect Wi-Fi bridge within a few metres of the lock and set it up in the August app (or ' +
      'use a model with built-in Wi-Fi). Once the lock can be reached, the error clears and Latchkey catches up by ' +
      'itself.',
  },

  // --- SmartThings ---------------------------------------------------------------------------------------------
  {
    code: 'smartthings_failed_to_set_access_code',
    scope: 'access_code',
    severity: 'critical',
    title: 'SmartThings could not program the code',
    message: 'Failed to set code on SmartThings device.',
    explanation: 'SmartThings reported that the lock did not accept this code. The PIN will not open the door.',
    // Reconciler: refusals are retried on the backoff (5 s doubling to 5 min); saving starts a pass at once.
    whatToDo:
      'Check in the SmartThings app that the hub and the lock are online, and replace weak lock batteries. Make sure ' +
      'no other code on the lock uses the same PIN. Latchkey keeps retrying, and the error clears once the lock ' +
      'takes the code; saving the code retries straight away.',
  },
  {
    code: 'smartthings_failed_to_set_after_multiple_retries',
    scope: 'access_code',
    severity: 'critical',
    title: 'SmartThings gave up programming the code',
    message: 'Failed to set code after multiple retries.',
    explanation:
      'The SmartThings hub tried several times to send this code to the lock over Z-Wave or Zigbee and never got a ' +
      'confirmation. Assume the code is not on the keypad.',
    // Reconciler: refusals are retried on the backoff (5 s doubling to 5 min); saving starts a pass at once.
    whatToDo:
      'Check that the hub is online and the lock’s batteries are fresh. A lock far from the hub may need a ' +
      'mains-powered Z-Wave/Zigbee device in between to relay the signal. Latchkey keeps retrying, with growing ' +
      'gaps, and the error clears once the lock takes the code; saving the code retries straight away.',
  },
  {
    code: 'smartthings_no_free_slots_available',
    scope: 'access_code',
    severity: 'critical',
    title: 'SmartThings lock is full',
    message: 'No free slots available on the device.',
    explanation:
      'Every code slot on this lock is in use, so SmartThings had nowhere to store this code. The PIN will not work ' +
      'until a slot is freed.',
    // Reconciler: refusals are retried on the backoff (5 s doubling to 5 min); saving starts a pass at once.
    whatToDo:
      'Delete codes that are no longer needed, in Latchkey or in the SmartThings app for codes Latchkey does not ' +
      'manage (see this lock’s unmanaged codes). Latchkey keeps retrying, and programs the code once a slot is free.',
  },

  // --- Kwikset -------------------------------------------------------------------------------------------------
  {
    code: 'kwikset_unable_to_confirm_code',
    scope: 'access_code',
    severity: 'critical',
    title: 'Kwikset never confirmed the code',
    message: 'Unable to confirm that the access code is set on Kwikset device.',
    explanation:
      'Kwikset took the request but has still not confirmed, after several tries, that the code reached the lock. ' +
      'Assume the PIN does not work until it shows as set.',
    // Reconciler: unconfirmed is a warning first, this error after 3 tries; Latchkey keeps asking.
    whatToDo:
      'Check in the Kwikset app that the lock is online (Wi-Fi signal, batteries) and whether the code is listed ' +
      'there. Latchkey keeps asking, and the error clears once Kwikset confirms the code; saving the code asks again ' +
      'straight away. Arrange another way in for an imminent arrival.',
  },
  {
    code: 'kwikset_unable_to_confirm_deletion',
    scope: 'access_code',
    severity: 'critical',
    title: 'Kwikset never confirmed the removal',
    message: 'Unable to confirm the deletion of the access code on Kwikset device.',
    explanation:
      'Latchkey asked Kwikset to remove this code but the lock never confirmed it was gone. The PIN may still open ' +
      'the door after it should have stopped.',
    // Reconciler: removals are retried; an entry found gone from the keypad ends the removal.
    whatToDo:
      'Look in the Kwikset app for the code on this lock and delete it there if it is still listed, and check that ' +
      'the lock is online (Wi-Fi, batteries). Latchkey keeps asking, and the error clears once the removal is ' +
      'confirmed or the code is no longer on the lock.',
  },
  {
    code: 'kwikset_insufficient_permissions',
    scope: 'access_code',
    severity: 'critical',
    title: 'Kwikset account is not a Home Admin',
    message:
      'Insufficient permissions to manage PINs on this Kwikset device; a Home Admin role is required. Ask a Home ' +
      'Admin to update your role in the Kwikset app, or to set the PIN.',
    explanation:
      'The Kwikset account connected to Latchkey is a member of the home without the admin role, and Kwikset only ' +
      'lets Home Admins manage PINs. This code was not added.',
    // Reconciler: a device condition, gone once the lock stops reporting it; waiting work is retried meanwhile.
    whatToDo:
      'Ask the home’s admin to change this account’s role to Admin in the Kwikset app. Once Kwikset accepts changes ' +
      'from the account, the error clears and Latchkey sends the waiting codes by itself.',
  },

  // --- igloohome -----------------------------------------------------------------------------------------------
  {
    code: 'igloohome_bridge_too_many_pending_jobs',
    scope: 'access_code',
    severity: 'critical',
    title: 'igloohome bridge has a backlog',
    message: 'Igloohome bridge has too many pending jobs in the queue.',
    explanation:
      'The igloohome Bridge passes changes to the lock over Bluetooth one at a time, and its queue is full, so this ' +
      'code has not reached the lock yet. The PIN will not work until the queue clears.',
    // Reconciler: a busy answer is retried and not counted as a failure.
    whatToDo:
      'Make sure the bridge is powered, online and close to the lock, and avoid making many code changes on this ' +
      'lock at once. If the backlog does not drain, power-cycle the bridge. Latchkey keeps retrying, and the error ' +
      'clears once the bridge takes the code.',
  },
  {
    code: 'igloohome_bridge_offline',
    scope: 'access_code',
    severity: 'critical',
    title: 'igloohome bridge is offline',
    message: 'Igloohome bridge is offline.',
    explanation:
      'The igloohome Bridge that links this lock to the internet is unreachable, so the code cannot be sent to the ' +
      'lock. The PIN will not work until the bridge is back; codes already on the lock keep working.',
    // Reconciler: a device condition, gone once the lock stops reporting it; waiting work is retried meanwhile.
    whatToDo:
      'Check the bridge is plugged in and on the Wi-Fi (igloohome bridges need 2.4 GHz), power-cycle it, and confirm ' +
      'it shows as online in the igloohome app. Once the bridge is back, the error clears and Latchkey catches up by ' +
      'itself. A guest who needs a code before then can get an offline (algoPIN) code, which works without the ' +
      'bridge.',
  },

  // --- Hubitat -------------------------------------------------------------------------------------------------
  {
    code: 'hubitat_no_free_positions_available',
    scope: 'access_code',
    severity: 'critical',
    title: 'Hubitat lock is full',
    message: 'No free positions available on the device.',
    explanation:
      'The Hubitat hub reports that every code position on this lock is taken, so this code could not be stored and ' +
      'will not work.',
    // Reconciler: refusals are retried on the backoff (5 s doubling to 5 min); saving starts a pass at once.
    whatToDo:
      'Delete codes that are no longer needed, in Latchkey or in Hubitat (the lock’s device page or Lock Code ' +
      'Manager). Latchkey keeps retrying, and programs the code once a position is free.',
  },
  {
    code: 'hubitat_device_programming_delay',
    scope: 'access_code',
    severity: 'critical',
    title: 'Hubitat has not finished loading the code',
    message: 'Access code has not yet been fully moved to the device.',
    explanation:
      'The Hubitat hub accepted the code but has not confirmed it on the lock, well past the usual delay. Until it is ' +
      'confirmed, do not count on the PIN working.',
    // Reconciler: refusals are retried on the backoff (5 s doubling to 5 min); saving starts a pass at once.
    whatToDo:
      'Check that the hub is online and the lock’s Z-Wave/Zigbee link is healthy (fresh batteries, a repeater ' +
      'between hub and lock if it is far away). Latchkey keeps asking, and the error clears once the hub confirms ' +
      'the code; saving the code asks again straight away.',
  },

  // --- Wyze ----------------------------------------------------------------------------------------------------
  {
    code: 'wyze_potential_duplicate_code',
    scope: 'access_code',
    severity: 'critical',
    title: 'Wyze lock may already have this PIN',
    message: 'Potential duplicate access code detected.',
    explanation:
      'Wyze reported that this PIN may already exist on the lock under another entry, and did not add it. Do not ' +
      'rely on this code at the door until it is sorted out.',
    // Reconciler: refusals are retried on the backoff (5 s doubling to 5 min); saving starts a pass at once.
    whatToDo:
      'In the Wyze app, look for another code on this lock with the same digits and delete it if it is no longer ' +
      'needed, or give this code a different PIN in Latchkey, which sends it at once. Latchkey also retries by ' +
      'itself, and the error clears once the lock takes the code.',
  },
  {
    code: 'wyze_duplicate_code_name',
    scope: 'access_code',
    severity: 'critical',
    title: 'Wyze lock already has a code with this name',
    message: 'Duplicate access code name detected.',
    explanation:
      'Wyze needs every code on a lock to have its own name, and another code on this lock already uses this one, ' +
      'so the code was not added. The PIN will not work.',
    // Reconciler: refusals are retried on the backoff (5 s doubling to 5 min); saving starts a pass at once.
    whatToDo:
      'Rename this code in Latchkey (for example, add the guest’s arrival date), or rename or delete the other code ' +
      'in the Wyze app. Latchkey retries by itself (at once after a rename), and the error clears once the lock ' +
      'takes the code.',
  },

  // --- Salto KS ------------------------------------------------------------------------------------------------
  {
    code: 'salto_ks_user_not_subscribed',
    scope: 'access_code',
    severity: 'critical',
    title: 'Salto KS user not covered by the subscription',
    message: 'Salto site user is not subscribed.',
    explanation:
      'Salto KS only activates access for users covered by the site’s subscription, and the user behind this code ' +
      'is not. The PIN will not open the door.',
    // Reconciler: refusals are retried on the backoff (5 s doubling to 5 min); saving starts a pass at once.
    whatToDo:
      'In Salto KS, subscribe this user (free up a place by removing users who no longer need access if the site is ' +
      'at its limit), or ask your Salto installer to do it. Latchkey retries by itself, and the error clears once ' +
      'the site takes the code.',
  },
  {
    code: 'salto_ks_subscription_limit_exceeded',
    scope: 'connected_account',
    severity: 'critical',
    title: 'Salto KS user limit reached',
    message: 'Salto site user limit has been reached.',
    explanation:
      'The Salto KS site already has as many users as its subscription allows, so no new users, and therefore no ' +
      'new codes, can be added. New guests will not get a working PIN.',
    // Reconciler: a device condition, gone once the lock stops reporting it; waiting work is retried meanwhile.
    whatToDo:
      'Remove users who no longer need access in Salto KS, or ask Salto or your installer to raise the site’s user ' +
      'limit. Once the site takes new users again, the error clears and Latchkey sends the waiting codes by itself.',
  },

  // --- dormakaba Oracode ---------------------------------------------------------------------------------------
  {
    code: 'dormakaba_oracode_invalid_time_range',
    scope: 'access_code',
    severity: 'critical',
    title: 'No Oracode time slot matches these times',
    message: 'No Dormakaba Oracode user levels configured for the requested time range.',
    explanation:
      'dormakaba Oracode locks only issue codes for check-in and check-out times pre-set for the site ("user ' +
      'levels" or time slots), and none is close enough to this code’s start and end. No PIN was issued.',
    // Reconciler: refusals are retried on the backoff (5 s doubling to 5 min); saving starts a pass at once.
    whatToDo:
      'Change the start and end to match one of the lock’s configured check-in/check-out times (in the lock’s local ' +
      'time zone): Latchkey sends the new times at once. Or ask your dormakaba installer or site administrator to ' +
      'add a user level for these times: Latchkey retries by itself, and the error clears once the lock issues the ' +
      'code.',
  },

  // --- KeyNest -------------------------------------------------------------------------------------------------
  {
    code: 'keynest_unsupported_third_party_locker',
    scope: 'access_code',
    severity: 'critical',
    title: 'KeyNest locker not supported',
    message: 'KeyNest locker is not supported.',
    explanation:
      'The keys are held in a third-party locker that KeyNest does not let integrations issue collection codes for, ' +
      'so no code was created and nobody can collect the keys with it.',
    // Reconciler: a device condition, gone once the lock stops reporting it; waiting work is retried meanwhile.
    whatToDo:
      'Share the collection code from the KeyNest app yourself, or move the keys to a KeyNest location that supports ' +
      'integrations. Ask KeyNest support if you believe this locker should be supported: Latchkey keeps checking, ' +
      'and the error clears by itself once KeyNest accepts codes for it.',
  },

  // --- Connected account and bridge ----------------------------------------------------------------------------
  {
    code: 'account_disconnected',
    scope: 'connected_account',
    severity: 'critical',
    title: 'Lock account disconnected',
    message: 'Account is disconnected.',
    explanation:
      'Latchkey has lost access to the lock maker’s account this lock belongs to, usually because the password ' +
      'changed, the sign-in expired or access was revoked. No code on any lock in that account can be added, changed ' +
      'or removed; codes already on the locks stay as they are.',
    // Reconciler: codes wait as unknown while the account is disconnected, and are checked again on reconnection.
    whatToDo:
      'Check that the lock maker’s account still works by signing in to the maker’s app (a changed password or ' +
      'revoked access is the usual cause). Latchkey cannot reconnect the account by itself: ask whoever connected it ' +
      'to Latchkey, or support, to reconnect it. Once it is, the error clears and Latchkey carries out the pending ' +
      'additions and removals by itself.',
  },
  {
    code: 'bridge_disconnected',
    scope: 'bridge',
    severity: 'critical',
    title: 'On-site bridge unreachable',
    message: 'Unable to communicate with the bridge.',
    explanation:
      'Latchkey cannot reach the bridge program that runs on a computer at the property and connects it to this ' +
      'lock system: the program has stopped, or the computer is off or offline. No code can be changed until it is ' +
      'back.',
    // Reconciler: a device condition, gone once the lock stops reporting it; waiting work is retried meanwhile.
    whatToDo:
      'Check that the computer running the bridge is switched on and online, restart the bridge program, and make ' +
      'sure it is still paired with this workspace. Once the bridge answers, the error clears and Latchkey catches ' +
      'up by itself.',
  },

  // --- Device errors -------------------------------------------------------------------------------------------
  {
    code: 'device_offline',
    scope: 'device',
    severity: 'critical',
    title: 'Lock is offline',
    message: 'Device is offline.',
    explanation:
      'The lock cannot be reached right now, typically because its Wi-Fi, bridge or hub connection dropped or its ' +
      'batteries are flat. A code that is not on the lock yet will not work; codes already on it keep working, and ' +
      'codes due to be removed stay active until it is back.',
    // Reconciler: a device condition, gone once the lock stops reporting it; waiting work is retried meanwhile.
    whatToDo:
      'Replace the lock’s batteries if they are low, and check its Wi-Fi bridge or hub has power and internet. Once ' +
      'the lock is online again, the error clears and Latchkey catches up by itself.',
  },
  {
    code: 'device_disconnected',
    scope: 'device',
    severity: 'critical',
    title: 'Lock disconnected',
    message: 'Device is disconnected.',
    explanation:
      'The lock maker reports that this lock is no longer connected, for example it was unpaired from its hub or ' +
      'bridge. Codes cannot be added or removed until it is reconnected.',
    // Reconciler: a device condition, gone once the lock stops reporting it; waiting work is retried meanwhile.
    whatToDo:
      'Open the maker’s app and reconnect or re-pair the lock with its hub or bridge, checking its batteries. Once ' +
      'the lock can be reached again, the error clears and Latchkey catches up by itself.',
  },
  {
    code: 'device_removed',
    scope: 'device',
    severity: 'critical',
    title: 'Lock removed from the account',
    message: 'Device has been removed.',
    explanation:
      'This lock no longer appears in the lock maker’s account connected to Latchkey (it was deleted, reset or moved ' +
      'to another account). Latchkey cannot manage its codes any more; whatever is on the keypad stays there.',
    // Reconciler: a removed lock is wound up for good (windUpRemovedDevice).
    whatToDo:
      'Latchkey no longer manages this lock and does not take it back by itself: its codes can no longer be changed ' +
      'or deleted here, and whatever is on the keypad stays there. Remove the PINs that should stop working in the ' +
      'maker’s app or at the keypad, and give guests codes on another lock, or on this one once it has been ' +
      'connected to Latchkey again.',
  },
  {
    code: 'hub_disconnected',
    scope: 'device',
    severity: 'critical',
    title: 'Lock’s hub is offline',
    message: 'Hub is disconnected.',
    explanation:
      'The hub that links this lock to the internet (such as a SmartThings or Hubitat hub, or the maker’s gateway) ' +
      'is offline, so codes cannot be sent to or removed from the lock. Codes already on the lock still work.',
    // Reconciler: a device condition, gone once the lock stops reporting it; waiting work is retried meanwhile.
    whatToDo:
      'Check that the hub has power and an internet connection (restart it, and the router if needed) and that it ' +
      'shows as online in its app. Once the hub is back, the error clears and Latchkey catches up by itself.',
  },
  {
    code: 'empty_backup_access_code_pool',
    scope: 'device',
    severity: 'problem',
    title: 'No backup codes left',
    message: 'Backup access code pool is empty.',
    explanation:
      'This lock keeps a few spare codes on its keypad to hand to a guest if their own code cannot be programmed in ' +
      'time, and they are all used up. Guests’ own codes work as usual, but there is no fallback if one fails.',
    // Reconciler: flagEmptyBackupPool counts the places to refill with the rule the pull uses (backup-pool-places.ts).
    whatToDo:
      'The pool refills by itself: a backup’s place comes back when the stay it was pulled for ends, or when that ' +
      'code is deleted or made ongoing. Until then there is no fallback if a guest’s code fails, so keep a closer ' +
      'eye on upcoming arrivals at this lock.',
  },
  {
    code: 'lockly_missing_wifi_bridge',
    scope: 'device',
    severity: 'critical',
    title: 'Lockly lock has no Wi-Fi hub',
    message: 'Lockly lock is not connected to a Wi-Fi bridge.',
    explanation:
      'On its own a Lockly lock only talks over Bluetooth; to be managed over the internet it needs a Lockly Secure ' +
      'Link Wi-Fi hub, and this lock is not connected to one. Latchkey cannot add or remove codes on it.',
    // Reconciler: a device condition, gone once the lock stops reporting it; waiting work is retried meanwhile.
    whatToDo:
      'Install a Secure Link Wi-Fi hub near the lock and link them in the Lockly app; the error then clears and ' +
      'Latchkey catches up by itself. Until then, an offline access code, which Latchkey can create for this lock, ' +
      'can let a guest in.',
  },
  {
    code: 'ttlock_lock_not_paired_to_gateway',
    scope: 'device',
    severity: 'critical',
    title: 'TTLock not paired with a gateway',
    message: 'Lock is not paired with a gateway.',
    explanation:
      'TTLock locks talk over Bluetooth and need a TTLock Wi-Fi gateway paired with them to be managed remotely; this ' +
      'one has none. Latchkey cannot add or remove codes on it.',
    // Reconciler: a device condition, gone once the lock stops reporting it; waiting work is retried meanwhile.
    whatToDo:
      'Set up a TTLock gateway within range of the lock and pair the lock with it in the TTLock app; the error then ' +
      'clears and Latchkey catches up by itself. Until then, an offline access code, which Latchkey can create for ' +
      'this lock, can let a guest in.',
  },
  {
    code: 'missing_device_credentials',
    scope: 'device',
    severity: 'critical',
    title: 'Lock credentials missing',
    message: 'Device credentials are missing.',
    explanation:
      'This lock needs extra credentials before it can be managed (for example a device password or admin PIN set ' +
      'up in the maker’s app), and Latchkey does not have them. No codes can be added or removed.',
    // Reconciler: a device condition, gone once the lock stops reporting it; waiting work is retried meanwhile.
    whatToDo:
      'Check in the maker’s app that the lock is fully set up. Latchkey cannot enter the lock’s credentials (such as ' +
      'its admin PIN or device password) itself: ask whoever connected the lock’s account to Latchkey, or support, ' +
      'to connect it again with them. Once the lock accepts changes, the error clears and Latchkey catches up by ' +
      'itself.',
  },
  {
    code: 'subscription_required',
    scope: 'device',
    severity: 'critical',
    title: 'Lock maker subscription required',
    message: 'Subscription is required to connect.',
    explanation:
      'The lock maker only allows remote management of this lock with a paid plan, and the account does not have ' +
      'one active. Latchkey cannot add or remove codes; codes already on the lock keep working.',
    // Reconciler: a device condition, gone once the lock stops reporting it; waiting work is retried meanwhile.
    whatToDo:
      'Start or renew the maker’s subscription in their app or website. Once the maker accepts changes again, the ' +
      'error clears and Latchkey sends the waiting codes by itself.',
  },
  {
    code: 'auxiliary_heat_running',
    scope: 'device',
    severity: 'notice',
    title: 'Auxiliary heat running (thermostats only)',
    message: 'Auxiliary heat is running.',
    explanation:
      'This is a thermostat condition: its backup heating is on. It has nothing to do with door codes, and a lock ' +
      'never reports it.',
    whatToDo: 'Nothing to do for door codes. On a thermostat, check its heat pump settings in the thermostat’s app.',
  },
]

// ---------------------------------------------------------------------------------------------------------------
// Warnings
// ---------------------------------------------------------------------------------------------------------------

const warningDrafts: readonly Draft[] = [
  {
    code: 'delay_in_setting_on_device',
    scope: 'access_code',
    severity: 'problem',
    title: 'Programming is taking longer than usual',
    message: 'Delay in setting code on device.',
    explanation:
      'Putting this code on the lock is taking longer than expected, often because the lock is offline or slow to ' +
      'respond, or, on a Seam lock, because Seam itself cannot be reached or asked Latchkey to wait. Latchkey is ' +
      'still trying; until it succeeds the PIN will not work.',
    // Reconciler: shown after 5 minutes of pending work; it goes when the work is done or no longer wanted.
    // Seam locks (lib/locks/seam-issues.ts): shown at once while Seam is out of reach or rate limiting.
    whatToDo:
      'Check the lock’s connection and batteries; on a Seam lock, check the Seam connection under Settings → Seam ' +
      'workspace. Latchkey keeps trying, and the warning goes once the lock confirms the code. If the guest arrives ' +
      'soon, have another way in ready until the code shows as set.',
  },
  {
    code: 'delay_in_removing_from_device',
    scope: 'access_code',
    severity: 'problem',
    title: 'Removal is taking longer than usual',
    message: 'Delay in removing code from device.',
    explanation:
      'Removing this code from the lock is taking longer than expected, often because the lock is offline or slow ' +
      'to respond, or, on a Seam lock, because Seam itself cannot be reached or asked Latchkey to wait. The PIN may ' +
      'still open the door in the meantime.',
    // Reconciler: shown after 5 minutes of pending work; it goes when the work is done or no longer wanted.
    // Seam locks (lib/locks/seam-issues.ts): shown at once while Seam is out of reach or rate limiting.
    whatToDo:
      'Check the lock is online (on a Seam lock, also the Seam connection under Settings → Seam workspace); Latchkey ' +
      'keeps trying, and the warning goes once the lock confirms the removal. If ' +
      'the guest has left and it lingers, delete the code in the maker’s app or at the keypad: Latchkey sees it gone ' +
      'on its next check.',
  },
  {
    code: 'code_modified_external_to_seam',
    scope: 'access_code',
    severity: 'problem',
    title: 'Code changed outside Latchkey (kept)',
    message: 'Code was modified or removed externally after it was successfully set on the device.',
    explanation:
      'Someone changed or removed this code directly on the lock (in the maker’s app, another integration or at the ' +
      'keypad). This code allows external changes, so Latchkey left the change in place: the PIN on the lock may ' +
      'differ from the one the guest was given, or be gone.',
    // Any update drops this warning (update-access-code.ts); plan-code.ts leaves a removed code off while it shows.
    whatToDo:
      'Check the code in the maker’s app and make sure the guest has the right PIN: a changed PIN is now this code’s ' +
      'PIN in Latchkey, and a removed code stays off the lock. The warning stays until the code is next changed ' +
      'through Latchkey, and saving a removed code puts it back on the lock. To have Latchkey undo such changes in ' +
      'future, turn off external modification on this code.',
  },
  {
    code: 'third_party_integration_detected',
    scope: 'device',
    severity: 'problem',
    title: 'Another system manages this lock’s codes',
    message: 'Third-party integration detected that may cause access codes to fail.',
    explanation:
      'Another app or integration is also managing codes on this lock (for example another rental platform, or a ' +
      'hub’s own code manager). It may overwrite or delete codes Latchkey sets, so guests’ PINs could stop working ' +
      'unexpectedly.',
    // Reconciler: a device condition, gone once the lock stops reporting it; waiting work is retried meanwhile.
    whatToDo:
      'Turn off code management for this lock in the other system (or disconnect it), or make sure it leaves ' +
      'Latchkey’s codes alone. The warning goes by itself once the lock stops reporting the other integration.',
  },
  {
    code: 'management_transferred',
    scope: 'access_code',
    severity: 'notice',
    title: 'Managed from another workspace',
    message: 'Management was transferred to another workspace.',
    explanation:
      'Management of this code has moved to another workspace, for example because the lock was connected there. ' +
      'This workspace no longer changes or removes it; what happens to it on the lock is up to the new one.',
    // Reconciler: a device condition, gone once the lock stops reporting it; waiting work is retried meanwhile.
    whatToDo:
      'Make changes from the workspace that now manages the lock. If the move was unexpected, check which workspaces ' +
      'have this lock’s account connected. The warning goes by itself once the lock is managed from here again.',
  },
  {
    code: 'august_device_programming_delay',
    scope: 'access_code',
    severity: 'notice',
    title: 'August is still loading the code',
    message: 'Access code has not yet been fully moved to the device.',
    explanation:
      'August has accepted the code and is passing it to the lock through its Wi-Fi bridge, which can take a while. ' +
      'This is normal and usually clears by itself, but the PIN will not work until it does.',
    // Reconciler: unconfirmed is a warning first, this error after 3 tries; Latchkey keeps asking.
    whatToDo:
      'Nothing yet: Latchkey keeps asking. If the guest arrives soon, check in the August app that the lock is ' +
      'connected; opening the app next to the lock pushes pending codes over Bluetooth. If August still has not ' +
      'confirmed after three tries, this becomes an error.',
  },
  {
    code: 'august_lock_temporarily_offline',
    scope: 'device',
    severity: 'problem',
    title: 'August lock briefly offline',
    message: 'August lock is temporarily offline.',
    explanation:
      'The August lock has dropped its connection to August. Latchkey waits for it to come back before sending ' +
      'changes; codes already on the keypad still work.',
    // Reconciler: a device condition; the warning turns into the error after the 5-minute delay threshold.
    whatToDo:
      'This usually clears by itself, and Latchkey catches up once the lock is back. If it lasts more than 5 minutes ' +
      'it becomes an error: check that the bridge is plugged in near the lock, the Wi-Fi is working and the lock ' +
      'batteries are good.',
  },
  {
    code: 'igloo_algopin_must_be_used_within_24_hours',
    scope: 'access_code',
    severity: 'notice',
    title: 'Guest must use the code within 24 hours of its start',
    message: 'Algopins must be used within 24 hours.',
    explanation:
      'This igloohome code is an algoPIN, calculated rather than sent to the lock. igloohome requires it to be ' +
      'entered on the keypad for the first time within 24 hours of its start, otherwise it stops working for the ' +
      'rest of the stay.',
    whatToDo:
      'Tell the guest to use the code on arrival, within 24 hours of the start time. For late arrivals, set the ' +
      'start closer to the actual arrival, or make it a regular (online) code, which the lock needs its igloohome ' +
      'Bridge for.',
  },
  {
    code: 'kwikset_unable_to_confirm_code',
    scope: 'access_code',
    severity: 'problem',
    title: 'Kwikset has not confirmed the code yet',
    message: 'Unable to confirm that the access code is set on Kwikset device.',
    explanation:
      'Kwikset accepted the code but has not yet confirmed that it is on the lock. It often shows up shortly; until ' +
      'then, do not rely on it.',
    // Reconciler: unconfirmed is a warning first, this error after 3 tries; Latchkey keeps asking.
    whatToDo:
      'Check in the Kwikset app that the lock is online and whether the code is listed. Latchkey keeps asking; if ' +
      'Kwikset still has not confirmed after three tries, this becomes an error.',
  },
  {
    code: 'schlage_creation_outage',
    scope: 'access_code',
    severity: 'problem',
    title: 'Schlage returned an error',
    message: 'Received an error when attempting to create this code.',
    explanation:
      'Schlage’s service returned an error when asked to create this code, usually a temporary problem on Schlage’s ' +
      'side. The code may not be on the lock yet.',
    // Reconciler: a busy answer is retried and not counted as a failure.
    whatToDo:
      'Latchkey retries by itself, and the warning goes once Schlage takes the code. Check in the Schlage Home app ' +
      'whether the code is on the lock; if it is still missing after a few hours, check the lock’s Wi-Fi connection ' +
      'and whether Schlage reports a service outage.',
  },
  {
    code: 'schlage_detected_duplicate',
    scope: 'access_code',
    severity: 'problem',
    title: 'Schlage found the same PIN on the lock',
    message: 'Duplicate access code detected.',
    explanation:
      'Schlage reports that this PIN already exists on the lock as another code, and Schlage locks do not hold the ' +
      'same PIN twice. The guest’s PIN may only work because of the other code, and stop when that one is removed.',
    // Reconciler: refusals are retried on the backoff (5 s doubling to 5 min); saving starts a pass at once.
    whatToDo:
      'Give this code its own PIN (Latchkey sends it at once), or remove the other code with the same digits (in the ' +
      'Schlage Home app or among this lock’s unmanaged codes). Latchkey also retries by itself, and the warning goes ' +
      'once Schlage takes the code.',
  },
  {
    code: 'smartthings_failed_to_set_access_code',
    scope: 'access_code',
    severity: 'problem',
    title: 'SmartThings attempt failed, retrying',
    message: 'Failed to set code on SmartThings device.',
    explanation:
      'An attempt to program this code through SmartThings failed and Latchkey is retrying. The PIN will not work ' +
      'until an attempt succeeds.',
    // Reconciler: refusals are retried on the backoff (5 s doubling to 5 min); saving starts a pass at once.
    whatToDo:
      'This often clears by itself: Latchkey retries. If it persists, check in the SmartThings app that the hub and ' +
      'the lock are online, and the lock’s batteries; after three failed tries the error “SmartThings gave up ' +
      'programming the code” follows.',
  },
  {
    code: 'ultraloq_access_code_disabled',
    scope: 'access_code',
    severity: 'critical',
    title: 'Code switched off on the Ultraloq lock',
    message: 'Access code is disabled on Ultraloq device. Re-enable through the Ultraloq mobile app.',
    explanation: 'The code is stored on the Ultraloq lock but switched off, so the keypad will not accept it.',
    // Reconciler: a switched-off entry is not programmed again; the warning shows while the lock reports it.
    whatToDo:
      'Open the U-tec (Ultraloq) app, find this code on the lock and enable it again: Latchkey cannot switch it back ' +
      'on, and leaves the entry as it is. The warning goes once the lock reports the code enabled. If nobody meant ' +
      'to disable it, check who has access to the lock in that app.',
  },
]

export const accessCodeErrorCatalogue: Readonly<Record<string, IssueEntry>> = index('error', errorDrafts)
export const accessCodeWarningCatalogue: Readonly<Record<string, IssueEntry>> = index('warning', warningDrafts)

export function catalogueFor(kind: IssueKind): Readonly<Record<string, IssueEntry>> {
  return kind === 'error' ? accessCodeErrorCatalogue : accessCodeWarningCatalogue
}

/** Whether the catalogue has an entry of this kind for the code. */
export function isCatalogued(kind: IssueKind, code: string): boolean {
  return Object.hasOwn(catalogueFor(kind), code)
}

/** `some_issue_code` → `Some issue code`. */
function humanise(code: string): string {
  const words = String(code)
    .replace(/[_\s]+/g, ' ')
    .trim()
  if (words === '') return 'Unknown issue'
  return words.charAt(0).toUpperCase() + words.slice(1)
}

/** The catalogue entry for a code, or a sensible generic one for a code the catalogue does not know. Never throws. */
export function describeIssue(kind: IssueKind, code: string): IssueEntry {
  const catalogue = catalogueFor(kind)
  const known = Object.hasOwn(catalogue, code) ? catalogue[code] : undefined
  if (known !== undefined) return known
  const label = humanise(code)
  if (kind === 'error') {
    return {
      code,
      kind,
      scope: 'access_code',
      severity: 'problem',
      title: `Unrecognised problem: ${label}`,
      message: `${label}.`,
      explanation:
        'The lock or its maker reported a problem Latchkey does not recognise. It may stop this code from working ' +
        'at the door, so do not rely on it until the problem clears.',
      whatToDo:
        'Check the lock in the maker’s app (online, batteries, whether the code is listed). If the problem stays, ' +
        `contact support with the code’s ID and the error code "${code}".`,
    }
  }
  return {
    code,
    kind,
    scope: 'access_code',
    severity: 'notice',
    title: `Unrecognised notice: ${label}`,
    message: `${label}.`,
    explanation:
      'The lock or its maker reported something Latchkey does not recognise. The code may still work, but keep an ' +
      'eye on it.',
    whatToDo: `If it persists or the code misbehaves, contact support with the code’s ID and the warning code "${code}".`,
  }
}

/**
 * The object Seam puts in `access_code.errors` / `access_code.warnings` for this code, with the flags its variant
 * requires. Unknown error codes are reported as access-code errors.
 */
export function issueObject(
  kind: IssueKind,
  code: string,
  createdAt: string,
): Record<string, unknown> & { message: string; created_at: string } {
  const entry = describeIssue(kind, code)
  if (kind === 'warning') return { warning_code: code, message: entry.message, created_at: createdAt }
  const base = { error_code: code, message: entry.message, created_at: createdAt }
  switch (entry.scope) {
    case 'access_code':
      return { ...base, is_access_code_error: true }
    case 'device':
      return { ...base, is_device_error: true }
    case 'connected_account':
      return { ...base, is_connected_account_error: true, is_device_error: false }
    case 'bridge':
      return { ...base, is_bridge_error: true, is_connected_account_error: true }
  }
}
