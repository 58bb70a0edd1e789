/**
 * One catalogue of every access-code error and warning code of Seam's access code object (its reference page,
 * sections "Errors" and "Warnings"; the codes and flags are kept in issue-catalogue.spec-facts.json for the tests).
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
    whatToDo:
      'Check that the lock is online and its batteries are good, that its keypad has a free slot, and that the PIN ' +
      'follows the lock’s rules. Latchkey keeps retrying with increasing gaps; edit and save the code to retry ' +
      'straight away. A code made not to wait for an offline lock is not retried: give it a new PIN or new dates ' +
      'once the lock is online. If the guest arrives soon, arrange another way in until the code shows as set.',
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
    whatToDo:
      'Check that the lock is online; Latchkey keeps retrying. If it does not clear, delete the code in the lock ' +
      'maker’s app or at the keypad using the lock’s programming/master code. Treat a departed guest’s PIN as ' +
      'still active until it is confirmed gone.',
  },
  {
    code: 'no_space_for_access_code_on_device',
    scope: 'access_code',
    severity: 'critical',
    title: 'Lock is full',
    message: 'No space for access code on device.',
    explanation:
      'Every code slot on the lock is already taken, so this code could not be added and will not work at the door.',
    whatToDo:
      'Free a slot: delete expired or unneeded codes in Latchkey, and look at this lock’s unmanaged codes for old ' +
      'PINs added in the maker’s app or at the keypad. Latchkey programs the code automatically as soon as there is ' +
      'room.',
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
    whatToDo:
      'Give this code a different PIN, or delete the other code with the same digits (check this lock’s unmanaged ' +
      'codes as well as its Latchkey codes). Latchkey then programs it.',
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
    whatToDo:
      'Pick a PIN that no other code on this lock uses (including unmanaged codes) and save the code again. Confirm ' +
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
    whatToDo:
      'Latchkey puts the code back as it should be; check that the status returns to set. Find out who changed it ' +
      '(the maker’s app activity log, other apps connected to the lock). If changes made in the maker’s app should ' +
      'be kept, allow external modification on this code.',
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
    whatToDo:
      'Check in the August app that the lock shows as connected (bridge plugged in and close to the lock, lock ' +
      'batteries good). Opening the August app next to the lock pushes pending codes over Bluetooth. If it still ' +
      'does not clear, save the code again to retry.',
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
    whatToDo:
      'Check that the August Connect / Wi-Fi bridge is plugged in within range of the lock, that the home Wi-Fi is ' +
      'up, and that the lock batteries are not low. When the August app shows the lock as connected, Latchkey sends ' +
      'the code.',
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
    whatToDo:
      'Fit an August (or Yale) Smart Keypad and pair it with the lock in the August app, checking the keypad’s ' +
      'battery, then retry the code.',
  },
  {
    code: 'august_lock_invalid_code_length',
    scope: 'access_code',
    severity: 'critical',
    title: 'Wrong PIN length for this August lock',
    message: 'Invalid code length for August lock.',
    explanation:
      'August refused this PIN because the lock’s keypad does not accept codes of that length, so it was not added.',
    whatToDo:
      'Change the PIN to one of the lengths listed for this lock in Latchkey (its supported code lengths) and save ' +
      'it; Latchkey then programs it.',
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
    whatToDo:
      'Ask the lock’s owner to give this account owner access in the August app, or reconnect Latchkey with an ' +
      'owner account. Pending codes are sent once access is granted.',
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
    whatToDo:
      'Install an August Connect Wi-Fi bridge within a few metres of the lock and set it up in the August app (or ' +
      'use a model with built-in Wi-Fi), then retry.',
  },

  // --- SmartThings ---------------------------------------------------------------------------------------------
  {
    code: 'smartthings_failed_to_set_access_code',
    scope: 'access_code',
    severity: 'critical',
    title: 'SmartThings could not program the code',
    message: 'Failed to set code on SmartThings device.',
    explanation: 'SmartThings reported that the lock did not accept this code. The PIN will not open the door.',
    whatToDo:
      'Check in the SmartThings app that the hub and the lock are online, and replace weak lock batteries. Make sure ' +
      'no other code on the lock uses the same PIN, then save the code again to retry.',
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
    whatToDo:
      'Check that the hub is online and the lock’s batteries are fresh. A lock far from the hub may need a ' +
      'mains-powered Z-Wave/Zigbee device in between to relay the signal. Then save the code again, or delete and ' +
      'recreate it, to retry.',
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
    whatToDo:
      'Delete codes that are no longer needed, in Latchkey or in the SmartThings app for codes Latchkey does not ' +
      'manage (see this lock’s unmanaged codes). Latchkey programs the code once a slot is free.',
  },

  // --- Kwikset -------------------------------------------------------------------------------------------------
  {
    code: 'kwikset_unable_to_confirm_code',
    scope: 'access_code',
    severity: 'critical',
    title: 'Kwikset never confirmed the code',
    message: 'Unable to confirm that the access code is set on Kwikset device.',
    explanation:
      'Kwikset took the request but never confirmed that the code reached the lock, and it has been unconfirmed for ' +
      'too long to wait any more. Assume the PIN does not work until it shows as set.',
    whatToDo:
      'Check in the Kwikset app that the lock is online (Wi-Fi signal, batteries) and whether the code is listed ' +
      'there. Save the code again in Latchkey to retry, and arrange another way in for an imminent arrival.',
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
    whatToDo:
      'Look in the Kwikset app for the code on this lock and delete it there if it is still listed. Check the lock is ' +
      'online (Wi-Fi, batteries).',
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
    whatToDo:
      'Ask the home’s admin to change this account’s role to Admin in the Kwikset app, or reconnect Latchkey with an ' +
      'admin account, then retry the code.',
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
    whatToDo:
      'Make sure the bridge is powered, online and close to the lock. Avoid making many code changes on this lock ' +
      'at once. If the backlog does not drain, power-cycle the bridge; Latchkey retries by itself.',
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
    whatToDo:
      'Check the bridge is plugged in and on the Wi-Fi (igloohome bridges need 2.4 GHz), power-cycle it, and confirm ' +
      'it shows as online in the igloohome app. Latchkey sends the code once it reconnects.',
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
    whatToDo:
      'Delete codes that are no longer needed, in Latchkey or in Hubitat (the lock’s device page or Lock Code ' +
      'Manager). Latchkey programs the code once a position is free.',
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
    whatToDo:
      'Check that the hub is online and the lock’s Z-Wave/Zigbee link is healthy (fresh batteries, a repeater ' +
      'between hub and lock if it is far away). If it does not clear, save the code again to retry.',
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
    whatToDo:
      'In the Wyze app, look for another code on this lock with the same digits and delete it if it is no longer ' +
      'needed, or give this code a different PIN in Latchkey; Latchkey then tries again.',
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
    whatToDo:
      'Rename this code in Latchkey (for example, add the guest’s arrival date), or rename or delete the other code ' +
      'in the Wyze app. Latchkey then retries.',
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
    whatToDo:
      'In Salto KS, subscribe this user (free up a place by removing users who no longer need access if the site is ' +
      'at its limit), or ask your Salto installer to do it, then retry the code.',
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
    whatToDo:
      'Remove users who no longer need access in Salto KS, or ask Salto or your installer to raise the site’s user ' +
      'limit. Then retry the affected codes.',
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
    whatToDo:
      'Change the start and end to match one of the lock’s configured check-in/check-out times (in the lock’s local ' +
      'time zone), or ask your dormakaba installer or site administrator to add a user level for these times. Then ' +
      'create the code again.',
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
    whatToDo:
      'Share the collection code from the KeyNest app yourself, or move the keys to a KeyNest location that supports ' +
      'integrations. Ask KeyNest support if you believe this locker should be supported.',
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
    whatToDo:
      'Reconnect the account in Latchkey by signing in to the lock maker again. Pending additions and removals are ' +
      'carried out once it is reconnected.',
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
    whatToDo:
      'Check that the computer running the bridge is switched on and online, restart the bridge program, and make ' +
      'sure it is still paired with this workspace.',
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
    whatToDo:
      'Replace the lock’s batteries if they are low, and check its Wi-Fi bridge or hub has power and internet. Once ' +
      'the lock is online again Latchkey catches up by itself.',
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
    whatToDo:
      'Open the maker’s app and reconnect or re-pair the lock with its hub or bridge, checking its batteries. When ' +
      'the app shows it online, Latchkey continues.',
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
    whatToDo:
      'If it was removed by mistake, add it back to the same account in the maker’s app. Otherwise delete its codes ' +
      'in Latchkey, clear any leftover PINs at the keypad, and issue guests codes on the replacement lock.',
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
    whatToDo:
      'Check that the hub has power and an internet connection (restart it, and the router if needed) and that it ' +
      'shows as online in its app. Latchkey resumes once it reconnects.',
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
    whatToDo:
      'Make sure the lock is online and has free slots so the pool can be refilled (delete stale codes to make room). ' +
      'Keep a closer eye on upcoming arrivals at this lock until backups are available again.',
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
    whatToDo:
      'Install a Secure Link Wi-Fi hub near the lock and link them in the Lockly app, then retry. Until then, an ' +
      'offline access code generated in the Lockly app can let a guest in.',
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
    whatToDo:
      'Set up a TTLock gateway within range of the lock and pair the lock with it in the TTLock app, then retry.',
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
    whatToDo:
      'Reconnect the lock’s account and enter the lock’s credentials when asked, and check in the maker’s app that ' +
      'the lock is fully set up. If it persists, contact support with the lock’s name and device ID.',
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
    whatToDo: 'Start or renew the maker’s subscription in their app or website, then retry the affected codes.',
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
      'respond. Latchkey is still trying; until it succeeds the PIN will not work.',
    whatToDo:
      'Check the lock’s connection and batteries. If the guest arrives soon, have another way in ready until the ' +
      'code shows as set.',
  },
  {
    code: 'delay_in_removing_from_device',
    scope: 'access_code',
    severity: 'problem',
    title: 'Removal is taking longer than usual',
    message: 'Delay in removing code from device.',
    explanation:
      'Removing this code from the lock is taking longer than expected, often because the lock is offline or slow ' +
      'to respond. The PIN may still open the door in the meantime.',
    whatToDo:
      'Check the lock is online; Latchkey keeps trying. If the guest has left and it lingers, delete the code in the ' +
      'maker’s app or at the keypad.',
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
    whatToDo:
      'Check the code in the maker’s app and make sure the guest has the right PIN. If Latchkey should be in charge ' +
      'of this code, turn off external modification so Latchkey restores it.',
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
    whatToDo:
      'Turn off code management for this lock in the other system (or disconnect it), or make sure it leaves ' +
      'Latchkey’s codes alone.',
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
    whatToDo:
      'Make changes from the workspace that now manages the lock. If the move was unexpected, check which workspaces ' +
      'have this lock’s account connected.',
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
    whatToDo:
      'Nothing yet. If the guest arrives soon, check in the August app that the lock is connected; opening the app ' +
      'next to the lock pushes pending codes over Bluetooth.',
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
    whatToDo:
      'This usually clears by itself. If it persists, check that the bridge is plugged in near the lock, the Wi-Fi ' +
      'is working and the lock batteries are good.',
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
      'start closer to the actual arrival, or connect an igloohome Bridge so a regular PIN can be programmed.',
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
    whatToDo:
      'Check in the Kwikset app that the lock is online and whether the code is listed. Latchkey keeps checking; if ' +
      'this turns into an error, save the code again.',
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
    whatToDo:
      'Latchkey retries by itself. Check in the Schlage Home app whether the code is on the lock; if it is still ' +
      'missing after a few hours, check the lock’s Wi-Fi connection and whether Schlage reports a service outage.',
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
    whatToDo:
      'Give this code its own PIN, or remove the other code with the same digits (in the Schlage Home app or among ' +
      'this lock’s unmanaged codes).',
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
    whatToDo:
      'This often clears by itself. If it persists, check in the SmartThings app that the hub and the lock are ' +
      'online, and the lock’s batteries.',
  },
  {
    code: 'ultraloq_access_code_disabled',
    scope: 'access_code',
    severity: 'critical',
    title: 'Code switched off on the Ultraloq lock',
    message: 'Access code is disabled on Ultraloq device. Re-enable through the Ultraloq mobile app.',
    explanation: 'The code is stored on the Ultraloq lock but switched off, so the keypad will not accept it.',
    whatToDo:
      'Open the U-tec (Ultraloq) app, find this code on the lock and enable it again. If nobody meant to disable it, ' +
      'check who has access to the lock in that app.',
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
