import 'server-only'
import type { ServiceContext } from '@/lib/context'
import { loadCodeFacts, type CodeFacts, type StoredIssue } from '@/lib/explain/code-facts'
import type { KeypadEntryView } from '@/lib/explain/lock-view'
import { momentsIn, type Moments } from '@/lib/explain/moments'
import { doorAttemptsOf, timelineOf } from '@/lib/explain/timeline'
import { sandboxFaults } from '@/lib/locks/sandbox-faults'
import type {
  CodeSituation,
  Explanation,
  ExplanationSentence,
  LockHolds,
  NextLockWork,
  PinClash,
  SentenceTopic,
} from '@/lib/schemas/explanation'
import { lowBatteryWords } from '@/lib/problems/problem-words'
import { batteryStatus } from '@/lib/shared/battery'
import { codeDisplayName } from '@/lib/shared/code-name'
import { describeIssue } from '@/lib/shared/issue-catalogue'
import { isDueOnDevice } from '@/lib/shared/schedule'
import { DEVICE_CONDITION_CODES, KEYPAD_ENTRY_CODES } from '@/lib/sync/issue-codes'

/**
 * "Why doesn't it work at the door?": one code's situation in sentences, from what Latchkey knows — the code and what
 * the lock side recorded on it, the lock and its keypad as last read, the lock's planned work, the PINs entered at the
 * door, and the history of events and action attempts. Read-only: it asks nothing of the lock and moves nothing.
 */
export async function explainAccessCode(ctx: ServiceContext, accessCodeId: string): Promise<Explanation> {
  return buildExplanation(await loadCodeFacts(ctx, accessCodeId))
}

/** Issues that mean Latchkey cannot reach the lock at all: its account, the lock itself, or its hub or bridge. */
const UNREACHABLE_CODES = new Set([
  'account_disconnected',
  'device_offline',
  ...sandboxFaults
    .filter((f) => f.effect.type === 'unreachable')
    .flatMap((f) => [...f.produces.errors, ...f.produces.warnings]),
])
const CONDITION_CODES = new Set(DEVICE_CONDITION_CODES.filter((c) => !UNREACHABLE_CODES.has(c)))
const ENTRY_CODES = new Set(KEYPAD_ENTRY_CODES)
const FULL_KEYPAD_ERRORS = new Set([
  'no_space_for_access_code_on_device',
  'smartthings_no_free_slots_available',
  'hubitat_no_free_positions_available',
])
const DUPLICATE_ERRORS = new Set(['duplicate_code_on_device', 'wyze_potential_duplicate_code'])
const DUPLICATE_WARNINGS = new Set(['schlage_detected_duplicate'])
const MODIFIED = 'code_modified_external_to_seam'

/** The entry the lock holds for the code: read from its keypad, or (when it cannot be read) Latchkey's records. */
interface Held extends KeypadEntryView {
  source: LockHolds['source']
}

/** What the explanation works out from the facts before it says anything. */
interface Reading {
  facts: CodeFacts
  moments: Moments
  name: string
  lockName: string
  /** The code's PIN, or null while the lock has not assigned it one. */
  pin: string | null
  deleted: boolean
  ended: boolean
  gone: boolean
  /** The lock keeps the window itself (and takes the code ahead of it). */
  native: boolean
  /** Inside its window (or ongoing). */
  due: boolean
  /** The code should be on the keypad now (due, or within the lock's lead before a natively scheduled window). */
  wantOn: boolean
  held: Held | undefined
  /** The keypad, as read, no longer has the entry Latchkey programmed for the code. */
  entryMissing: boolean
  opens: boolean
  /** A lock call for the code is in flight. */
  inFlight: boolean
  /** Why the lock cannot be reached, if it cannot (the account first). */
  unreachable: StoredIssue | undefined
  /** Conditions the lock reports about itself. */
  conditions: StoredIssue[]
  /** Errors and warnings about the code's own lock work or keypad entry. */
  codeIssues: StoredIssue[]
  /** Someone changed (or removed) the code's entry on the keypad outside Latchkey. */
  changedOnKeypad: 'changed' | 'removed' | undefined
  /** Given up on while its lock was offline (attempt_for_offline_device: false). */
  declined: boolean
  clashSlot: number | null
}

const windowOpen = (startsAt: string | null, endsAt: string | null, now: Date): boolean =>
  (startsAt === null || new Date(startsAt) <= now) && (endsAt === null || now < new Date(endsAt))

function read(facts: CodeFacts): Reading {
  const { row, device, now, keypad } = facts
  const moments = momentsIn(device.timezone, now)
  const pin = row.is_waiting_for_code_assignment === 1 ? null : row.code
  const deleted = row.deleted_at !== null
  const ended = row.type === 'time_bound' && row.ends_at !== null && new Date(row.ends_at) <= now
  const gone = deleted || ended
  const native = device.supportsNativeScheduling && row.prefer_native_scheduling === 1 && row.type === 'time_bound'
  const due = isDueOnDevice(row, now)
  const inLead =
    native && row.starts_at !== null && now.getTime() >= new Date(row.starts_at).getTime() - facts.lock.schedulingLeadMs
  const inFlight = row.lock_op_expires_at !== null && new Date(row.lock_op_expires_at) > now

  const fromKeypad =
    keypad === undefined || row.provider_code_id === null
      ? undefined
      : keypad.entries.find((e) => e.providerCodeId === row.provider_code_id)
  const fromRecords: KeypadEntryView | undefined =
    keypad === undefined && row.provider_code_id !== null && row.programmed_code !== null
      ? {
          providerCodeId: row.provider_code_id,
          slot: null,
          code: row.programmed_code,
          name: row.name,
          startsAt: row.programmed_starts_at,
          endsAt: row.programmed_ends_at,
          enabled: true,
        }
      : undefined
  const held: Held | undefined =
    fromKeypad !== undefined
      ? { ...fromKeypad, source: 'lock' }
      : fromRecords !== undefined
        ? { ...fromRecords, source: 'latchkey_records' }
        : undefined
  const entryMissing = keypad !== undefined && row.provider_code_id !== null && fromKeypad === undefined && !inFlight
  const opens =
    row.is_offline_access_code === 1
      ? !gone && due
      : held !== undefined &&
        held.enabled &&
        held.code === row.code &&
        pin !== null &&
        windowOpen(held.startsAt, held.endsAt, now)

  const all = [...facts.errors, ...facts.warnings]
  // The lock's own moment (from its events) says since when better than the moment its codes learned of it.
  const lockSince = (issue: StoredIssue | undefined): StoredIssue | undefined =>
    issue === undefined
      ? undefined
      : issue.code === 'account_disconnected'
        ? { ...issue, createdAt: facts.accountDisconnectedSince ?? issue.createdAt }
        : issue.code === 'device_offline'
          ? { ...issue, createdAt: facts.offlineSince ?? issue.createdAt }
          : issue
  const unreachable = lockSince(
    all.find((i) => i.code === 'account_disconnected') ??
      (!device.accountConnected ? { kind: 'error', code: 'account_disconnected', createdAt: null } : undefined) ??
      all.find((i) => UNREACHABLE_CODES.has(i.code) && i.code !== 'device_offline') ??
      all.find((i) => i.code === 'device_offline') ??
      (!device.online ? { kind: 'error', code: 'device_offline', createdAt: null } : undefined),
  )
  const conditions = all.filter((i) => CONDITION_CODES.has(i.code))
  const codeIssues = all.filter(
    (i) => !UNREACHABLE_CODES.has(i.code) && !CONDITION_CODES.has(i.code) && i.code !== 'device_removed',
  )
  const modified = all.some((i) => i.code === MODIFIED)
  const changedOnKeypad: Reading['changedOnKeypad'] = gone
    ? undefined
    : fromKeypad !== undefined &&
        row.programmed_code !== null &&
        fromKeypad.code !== row.programmed_code &&
        fromKeypad.code !== row.code
      ? 'changed'
      : entryMissing && row.status !== 'removing'
        ? 'removed'
        : modified && held === undefined
          ? 'removed'
          : modified && held !== undefined && held.code !== row.code
            ? 'changed'
            : undefined
  const declined =
    row.attempt_for_offline_device === 0 &&
    row.status === 'unset' &&
    row.provider_code_id === null &&
    facts.errors.some((e) => e.code === 'failed_to_set_on_device')
  const clashSlot =
    facts.clash?.providerCodeId == null
      ? null
      : (keypad?.entries.find((e) => e.providerCodeId === facts.clash?.providerCodeId)?.slot ?? null)
  return {
    facts,
    moments,
    name: codeDisplayName(row),
    lockName: device.displayName,
    pin,
    deleted,
    ended,
    gone,
    native,
    due,
    wantOn: !gone && (due || inLead),
    held,
    entryMissing,
    opens,
    inFlight,
    unreachable,
    conditions,
    codeIssues,
    changedOnKeypad,
    declined,
    clashSlot,
  }
}

function situationOf(r: Reading): CodeSituation {
  const { row, device } = r.facts
  if (device.removedAt !== null || r.facts.errors.some((e) => e.code === 'device_removed')) return 'device_removed'
  if (row.is_offline_access_code === 1) return r.gone ? (r.deleted ? 'deleted' : 'ended') : 'offline_code'
  if (r.gone) return r.held !== undefined ? 'being_removed' : r.deleted ? 'deleted' : 'ended'
  if (r.held !== undefined && !r.held.enabled) return 'disabled_on_keypad'
  if (r.changedOnKeypad !== undefined) return 'changed_on_keypad'
  if (r.opens) return 'on_lock'
  if (r.held !== undefined && r.native && !r.due && r.held.code === row.code) return 'scheduled_on_lock'
  if (r.declined) return 'declined_offline'
  if (!device.accountConnected || row.status === 'unknown')
    return r.unreachable !== undefined ? 'lock_unreachable' : 'unknown'
  if (row.status === 'removing') return 'being_removed'
  if (!r.wantOn) return 'waiting_for_window'
  if (r.unreachable !== undefined) return 'lock_unreachable'
  const failing =
    r.codeIssues.some((i) => i.kind === 'error' && !ENTRY_CODES.has(i.code)) ||
    r.conditions.some((i) => i.kind === 'error')
  if (failing) return 'programming_failed'
  if (r.pin === null) return 'waiting_for_pin_assignment'
  return 'being_programmed'
}

// ---- the words

const lower = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1)
const quoted = (name: string | null): string => `“${name ?? ''}”`
const withoutStop = (text: string): string => text.replace(/\.$/, '')
const issueTitle = (issue: StoredIssue): string => describeIssue(issue.kind, issue.code).title
const since = (r: Reading, issue: StoredIssue | undefined): string =>
  issue?.createdAt == null ? '' : ` since ${r.moments.at(issue.createdAt)}`

/** Why a lock did not take the code, as the end of "because …"; undefined when it only said it failed. */
function refusalWords(r: Reading): string | undefined {
  const errors = r.codeIssues.filter((i) => i.kind === 'error')
  const full = errors.find((i) => FULL_KEYPAD_ERRORS.has(i.code))
  if (full !== undefined) return 'its keypad is full'
  if (errors.some((i) => DUPLICATE_ERRORS.has(i.code))) {
    const clash = r.facts.clash
    return clash === undefined
      ? `its keypad already holds PIN ${r.pin ?? ''}`
      : `its keypad already holds PIN ${r.pin ?? ''}, as the ${clash.isManaged ? '' : 'unmanaged '}code ${quoted(codeDisplayName(clash))}`
  }
  const refused = errors.find((i) => !ENTRY_CODES.has(i.code)) ?? r.conditions.find((i) => i.kind === 'error')
  if (refused === undefined) return 'the lock has not confirmed it'
  if (refused.code === 'failed_to_set_on_device' || refused.code === 'smartthings_failed_to_set_after_multiple_retries')
    return undefined
  return `it reports “${issueTitle(refused)}”`
}

/**
 * How many times in a row the lock has not done the code's work: the code's own count of refusals, or, for a refusal
 * Latchkey does not count per code (a full keypad, a duplicate PIN), the lock's streak of failed work. Tries at an
 * unreachable lock are not counted: they are not the lock's answer.
 */
function triesOf(r: Reading, situation: CodeSituation): number {
  if (situation !== 'programming_failed' && situation !== 'being_removed') return 0
  if (r.unreachable !== undefined) return 0
  if (r.facts.row.failed_attempts > 0) return r.facts.row.failed_attempts
  const refused = r.codeIssues.some((i) => i.kind === 'error' && !ENTRY_CODES.has(i.code))
  return refused ? (r.facts.job?.consecutiveFailures ?? 0) : 0
}

function unreachableWords(r: Reading, issue: StoredIssue): string {
  const { lock } = r.facts
  if (issue.code === 'account_disconnected') return `the ${lock.brand} account has been disconnected${since(r, issue)}`
  if (issue.code === 'device_offline') return `${r.lockName} has been offline${since(r, issue)}`
  return `${lower(withoutStop(issueTitle(issue)))}${since(r, issue)}`
}

function headlineOf(situation: CodeSituation, r: Reading): string {
  const { row, device } = r.facts
  const { moments } = r
  const lock = r.lockName
  const pin = r.pin ?? ''
  const until = row.type === 'time_bound' && row.ends_at !== null ? `, until ${moments.at(row.ends_at)}` : ''
  switch (situation) {
    case 'on_lock':
      if (r.unreachable !== undefined)
        return (
          `Yes, as far as Latchkey knows: PIN ${pin} is on ${lock}’s keypad${until}, but ${unreachableWords(r, r.unreachable)}, ` +
          'so Latchkey cannot check it or change it.'
        )
      return `Yes: PIN ${pin} opens ${lock} now${until}.`
    case 'offline_code':
      return r.due
        ? `Yes: PIN ${pin} is an offline code, which ${lock} checks with its maker’s algorithm${until}.`
        : `No, not yet: PIN ${pin} is an offline code, which starts working ${moments.atFromNow(row.starts_at ?? '')}.`
    case 'waiting_for_window':
      return (
        `No, not yet: the code starts working at check-in, ${moments.atFromNow(row.starts_at ?? '')}` +
        (r.unreachable === undefined
          ? '.'
          : `, but ${unreachableWords(r, r.unreachable)}: the code cannot reach the lock until Latchkey can.`)
      )
    case 'scheduled_on_lock':
      return (
        `No, not yet: ${lock} already holds the code and switches it on by itself at check-in, ` +
        `${moments.atFromNow(row.starts_at ?? '')}.`
      )
    case 'being_programmed':
      return row.pending_since === null
        ? `No, not yet: Latchkey is putting the code on ${lock} now.`
        : `No, not yet: Latchkey has been putting the code on ${lock} since ${moments.at(row.pending_since)}.`
    case 'waiting_for_pin_assignment':
      return `No, not yet: ${lock} picks its codes’ PINs itself, and has not given this code one yet.`
    case 'programming_failed': {
      const tries = triesOf(r, situation)
      const because = refusalWords(r)
      return (
        (tries > 1
          ? `No: ${lock} has refused the code ${tries} times in a row`
          : `No: ${lock} has not taken the code`) + (because === undefined ? '.' : `, because ${because}.`)
      )
    }
    case 'lock_unreachable':
      if (r.unreachable?.code === 'account_disconnected')
        return `${r.held === undefined ? 'No' : 'Latchkey cannot tell'}: ${unreachableWords(r, r.unreachable)}, so Latchkey cannot reach ${lock}${r.held === undefined ? ', and the code is not on it' : ''}.`
      return `No: ${r.unreachable === undefined ? `${lock} cannot be reached` : unreachableWords(r, r.unreachable)}, and the code is not on the lock yet.`
    case 'declined_offline':
      return (
        `No: ${lock} was offline when the code was due, and the code was made not to wait for an offline lock ` +
        '(attempt_for_offline_device: false), so Latchkey gave up on it.'
      )
    case 'changed_on_keypad': {
      const when = changeMoment(r)
      const allowed = row.is_external_modification_allowed === 1
      if (r.changedOnKeypad === 'removed')
        return (
          `No: the code was removed from ${lock}’s keypad outside Latchkey${when}` +
          (allowed
            ? ', and the code allows changes made outside Latchkey, so it stays off until the code is next changed.'
            : '.')
        )
      return `No: PIN ${pin} was changed on ${lock}’s keypad outside Latchkey${when}; the keypad holds PIN ${r.held?.code ?? ''} instead.`
    }
    case 'disabled_on_keypad':
      return (
        `No: PIN ${pin} is on ${lock}’s keypad${r.held?.slot == null ? '' : ` (slot ${r.held.slot})`}, but the lock has ` +
        `switched it off: it works again once it is turned back on in the ${r.facts.lock.brand} app.`
      )
    case 'being_removed': {
      const why = r.deleted
        ? `the code was deleted ${moments.at(row.deleted_at ?? '')}`
        : r.ended
          ? `its window ended ${moments.at(row.ends_at ?? '')}`
          : 'its window has moved'
      if (r.opens) return `Yes, still: PIN ${pin} opens ${lock} although ${why}; Latchkey is taking it off the keypad.`
      return `No: ${why}, and Latchkey is taking it off ${lock}’s keypad.`
    }
    case 'ended':
      return `No: the code’s window ended ${moments.at(row.ends_at ?? '')}.`
    case 'deleted':
      return `No: the code was deleted ${moments.at(row.deleted_at ?? '')}.`
    case 'device_removed':
      return (
        `Latchkey cannot tell: ${lock} was removed from its ${r.facts.lock.brand} account` +
        `${device.removedAt === null ? '' : ` ${moments.at(device.removedAt)}`}, so Latchkey no longer manages this ` +
        'code, and whatever the keypad still holds is out of its reach.'
      )
    case 'unknown':
      return `Latchkey cannot tell: it does not know what ${lock}’s keypad holds right now.`
  }
}

/** " at <time>", when Latchkey saw the code changed on the keypad. */
function changeMoment(r: Reading): string {
  const event = r.facts.events.find(
    (e) =>
      e.event_type === 'access_code.modified_external_to_seam' ||
      e.event_type === 'access_code.deleted_external_to_seam',
  )
  const at = event?.occurred_at ?? [...r.facts.errors, ...r.facts.warnings].find((i) => i.code === MODIFIED)?.createdAt
  return at == null ? '' : ` ${r.moments.at(at)}`
}

class Sentences {
  readonly list: ExplanationSentence[] = []
  readonly #explained = new Set<string>()

  add(topic: SentenceTopic, text: string, at: string | null = null, issue?: StoredIssue): void {
    this.list.push({ topic, text, at, issue: issue === undefined ? null : { kind: issue.kind, code: issue.code } })
    if (issue !== undefined) this.#explained.add(`${issue.kind}:${issue.code}`)
  }

  explained(issue: StoredIssue): boolean {
    return this.#explained.has(`${issue.kind}:${issue.code}`)
  }
}

function lastEvent(r: Reading, type: string): string | null {
  return r.facts.events.find((e) => e.event_type === type)?.occurred_at ?? null
}

function lifecycleSentences(s: Sentences, r: Reading, situation: CodeSituation): void {
  const { row } = r.facts
  const { moments } = r
  if (row.type === 'time_bound' && row.starts_at !== null && row.ends_at !== null) {
    if (!r.gone && !r.due)
      s.add(
        'lifecycle',
        `Its window runs from ${moments.at(row.starts_at)} to ${moments.at(row.ends_at)}.`,
        row.starts_at,
      )
    else if (!r.gone)
      s.add(
        'lifecycle',
        `Its window opened ${moments.at(row.starts_at)} and ends ${moments.at(row.ends_at)}.`,
        row.ends_at,
      )
    else if (r.ended && situation !== 'ended' && !(situation === 'being_removed' && !r.deleted))
      s.add('lifecycle', `Its window ended ${moments.at(row.ends_at)}.`, row.ends_at)
  } else if (!r.gone) {
    s.add('lifecycle', 'It is an ongoing code: it has no end, and works until it is deleted.')
  }
  if (situation === 'on_lock') {
    const setAt = lastEvent(r, 'access_code.set_on_device')
    if (setAt !== null) s.add('lifecycle', `It has been on the lock since ${moments.at(setAt)}.`, setAt)
  }
  if (situation === 'scheduled_on_lock') {
    const scheduledAt = lastEvent(r, 'access_code.scheduled_on_device')
    if (scheduledAt !== null)
      s.add('lifecycle', `It has been scheduled on the lock since ${moments.at(scheduledAt)}.`, scheduledAt)
  }
  if (
    row.pending_since !== null &&
    situation !== 'being_programmed' &&
    (row.status === 'setting' || row.status === 'removing')
  )
    s.add(
      'lifecycle',
      `Latchkey has been ${row.status === 'setting' ? 'putting it on' : 'taking it off'} the lock since ${moments.at(row.pending_since)}.`,
      row.pending_since,
    )
  const tries = triesOf(r, situation)
  // More than one refusal of a programming request is the headline's.
  if (tries === 1 || (tries > 1 && situation !== 'programming_failed'))
    s.add(
      'lifecycle',
      `Latchkey has tried ${tries === 1 ? 'once' : `${tries} times in a row`} without success, and keeps trying, ` +
        'waiting longer between tries.',
    )
  if (r.pin === null && !r.gone)
    s.add('lifecycle', `${r.lockName} chooses the PIN when it takes the code; the code shows it from then on.`)
  if (situation === 'declined_offline')
    s.add(
      'lifecycle',
      'Latchkey does not try again by itself: a new PIN or new dates for the code ask again, once the lock is online.',
    )
}

function lockSentences(s: Sentences, r: Reading, situation: CodeSituation): void {
  const { device, lock } = r.facts
  const { moments } = r
  if (device.removedAt !== null) {
    s.add(
      'lock',
      `${r.lockName} was removed from its ${lock.brand} account ${moments.at(device.removedAt)}.`,
      device.removedAt,
    )
  }
  const removedIssue = r.facts.errors.find((e) => e.code === 'device_removed')
  if (removedIssue !== undefined)
    s.add('lock', `${describeIssue('error', 'device_removed').explanation}`, removedIssue.createdAt, removedIssue)
  const u = r.unreachable
  if (u !== undefined) {
    // The headline of these situations already says since when the lock is out of reach.
    const told = situation === 'lock_unreachable' || situation === 'waiting_for_window' || situation === 'on_lock'
    const text =
      u.code === 'account_disconnected'
        ? told
          ? `Until the ${lock.brand} account is connected again, Latchkey can neither read nor change ${r.lockName}.`
          : `The ${lock.brand} account has been disconnected${since(r, u)}: Latchkey cannot read or change ` +
            `${r.lockName} until the account is connected again.`
        : u.code === 'device_offline'
          ? (told ? 'While it is offline' : `${r.lockName} has been offline${since(r, u)}. Meanwhile`) +
            ', its keypad goes on opening the door for the PINs it already holds, but Latchkey can neither check nor ' +
            'change them.'
          : `${told ? '' : `${issueTitle(u)}${since(r, u)}: `}${describeIssue(u.kind, u.code).explanation}`
    s.add('lock', text, u.createdAt, u)
  }
  for (const condition of r.conditions) {
    if (s.explained(condition)) continue
    s.add(
      'lock',
      `${r.lockName} reports “${issueTitle(condition)}”${since(r, condition)}: ${describeIssue(condition.kind, condition.code).explanation}`,
      condition.createdAt,
      condition,
    )
  }
  if (device.batteryLevel !== null) {
    const band = batteryStatus(device.batteryLevel)
    const percent = `${Math.round(device.batteryLevel * 100)}%`
    if (band === 'critical')
      s.add(
        'lock',
        `${r.lockName}’s batteries are almost empty (${percent}): it may stop answering, and its keypad stop working, soon.`,
      )
    else if (band === 'low') s.add('lock', `${r.lockName}’s batteries are low (${percent}).`)
  }
}

const scheduleWords = (r: Reading, startsAt: string | null, endsAt: string | null): string =>
  startsAt === null && endsAt === null
    ? 'always on'
    : `on from ${startsAt === null ? 'now' : r.moments.at(startsAt)} to ${endsAt === null ? 'no end' : r.moments.at(endsAt)}`

function keypadSentences(s: Sentences, r: Reading, situation: CodeSituation): void {
  const { row, keypad, device } = r.facts
  const { moments, held } = r
  if (held !== undefined) {
    const where = held.slot === null ? '' : ` in slot ${held.slot}`
    const named = held.name === null ? 'with no name' : `named ${quoted(held.name)} on the lock`
    const state = held.enabled ? scheduleWords(r, held.startsAt, held.endsAt) : 'switched off'
    if (held.source === 'lock')
      s.add(
        'lock_holds',
        `When last read (${moments.at(keypad?.readAt ?? r.facts.now.toISOString())}), ${r.lockName} held this code${where}: ` +
          `PIN ${held.code}, ${named}, ${state}.`,
        keypad?.readAt ?? null,
      )
    else
      s.add(
        'lock_holds',
        `Latchkey last put PIN ${held.code} on ${r.lockName}, ${named}, ${state}. It cannot read this lock’s keypad ` +
          'without asking the lock, so this is its record rather than the lock’s word.',
      )
    if (!r.gone && r.pin !== null && held.code !== r.pin && situation !== 'changed_on_keypad')
      s.add('keypad', `The keypad holds PIN ${held.code} for it, not ${r.pin}.`)
  } else if (keypad !== undefined && !r.gone && r.wantOn && situation !== 'changed_on_keypad') {
    s.add(
      'lock_holds',
      `When last read (${moments.at(keypad.readAt)}), ${r.lockName}’s keypad did not hold this code.`,
      keypad.readAt,
    )
  }
  const clash = r.facts.clash
  if (clash !== undefined && r.pin !== null && !r.gone) {
    const duplicate = r.codeIssues.find((i) => DUPLICATE_ERRORS.has(i.code) || DUPLICATE_WARNINGS.has(i.code))
    const who = clash.isManaged
      ? `the code ${quoted(codeDisplayName(clash))}`
      : `the unmanaged code ${quoted(codeDisplayName(clash))}`
    const where = r.clashSlot === null ? '' : ` (slot ${r.clashSlot})`
    s.add(
      'keypad',
      `PIN ${r.pin} clashes with ${who}${where}` +
        (clash.isManaged ? '.' : ', which was added outside Latchkey (at the keypad or in the maker’s app).') +
        (duplicate === undefined ? '' : ' A lock takes a PIN only once.'),
      duplicate?.createdAt ?? null,
      duplicate,
    )
  }
  const full = r.codeIssues.find((i) => FULL_KEYPAD_ERRORS.has(i.code))
  if (full !== undefined) {
    const used = keypad?.entries.length
    const outside = r.facts.unmanagedOnLock
    s.add(
      'keypad',
      `${r.lockName} has reported its keypad full${since(r, full)}` +
        (used === undefined ? '' : `: ${used} of its ${device.maxActiveCodes} slots are taken`) +
        (outside === 0 ? '' : `, ${outside} of them by codes added outside Latchkey`) +
        '. Latchkey programs the code by itself once a slot is free.',
      full.createdAt,
      full,
    )
  }
  if (situation === 'changed_on_keypad') {
    const modified = [...r.facts.errors, ...r.facts.warnings].find((i) => i.code === MODIFIED)
    const allowed = row.is_external_modification_allowed === 1
    s.add(
      'keypad',
      modified === undefined
        ? `Latchkey has not noticed yet: it sees it at its next look at the lock, and then ${allowed ? 'keeps the change' : 'puts the code back as it should be'}.`
        : allowed
          ? 'The code allows changes made outside Latchkey (is_external_modification_allowed), so Latchkey keeps the change.'
          : `Latchkey puts PIN ${r.pin ?? ''} back on the keypad.`,
      modified?.createdAt ?? null,
      modified,
    )
  }
}

function issueSentences(s: Sentences, r: Reading): void {
  for (const issue of r.codeIssues) {
    if (s.explained(issue)) continue
    const entry = describeIssue(issue.kind, issue.code)
    s.add(
      'issue',
      `${entry.title}${issue.createdAt === null ? '' : ` (since ${r.moments.at(issue.createdAt)})`}. ${entry.explanation}`,
      issue.createdAt,
      issue,
    )
  }
}

function nextLockWorkOf(situation: CodeSituation, r: Reading): NextLockWork | null {
  const { row, job, now, lock } = r.facts
  const { moments } = r
  const lockNextLookAt = job?.dueAt ?? null
  const work = (
    action: NextLockWork['action'],
    dueAt: string | null,
    reason: NextLockWork['reason'],
    text: string,
  ): NextLockWork => ({ action, due_at: dueAt, reason, text, lock_next_look_at: lockNextLookAt })
  const removing = r.gone || row.status === 'removing'
  const doing = removing ? `taking the code off ${r.lockName}` : `putting the code on ${r.lockName}`
  const does = removing ? 'takes the code off' : 'programs the code'

  switch (situation) {
    case 'device_removed':
    case 'offline_code':
    case 'ended':
    case 'deleted':
    case 'declined_offline':
    case 'unknown':
      return null
    default:
      break
  }
  if (r.inFlight)
    return work(removing ? 'remove' : 'program', now.toISOString(), 'in_progress', `Latchkey is ${doing} right now.`)
  if (!r.facts.device.accountConnected)
    return work(
      removing ? 'remove' : 'program',
      null,
      'lock_unreachable',
      `Nothing can be done on ${r.lockName} until the ${lock.brand} account is connected again; Latchkey then ${does} at once.`,
    )
  const needsWork =
    situation === 'being_removed' ||
    situation === 'being_programmed' ||
    situation === 'programming_failed' ||
    situation === 'lock_unreachable' ||
    situation === 'waiting_for_pin_assignment' ||
    (situation === 'changed_on_keypad' && row.is_external_modification_allowed === 0)
  if (needsWork) {
    const action = removing ? 'remove' : 'program'
    if (job?.leased === true)
      return work(action, now.toISOString(), 'in_progress', `Latchkey is working on ${r.lockName} right now.`)
    const dueAt = job?.dueAt ?? null
    if (r.unreachable !== undefined)
      return work(
        action,
        dueAt,
        'lock_unreachable',
        `${r.lockName} cannot be reached: Latchkey ${does} as soon as it answers` +
          (dueAt === null ? '.' : `, and looks again ${moments.atFromNow(dueAt)}.`),
      )
    if (dueAt === null || new Date(dueAt) <= now)
      return work(
        action,
        now.toISOString(),
        'now',
        `Latchkey ${does} at its next pass over ${r.lockName}, which is due now.`,
      )
    return work(action, dueAt, 'retry', `Latchkey tries again ${moments.atFromNow(dueAt)}.`)
  }
  if (situation === 'waiting_for_window' && row.starts_at !== null) {
    const lead = r.native ? r.facts.lock.schedulingLeadMs : 0
    const at = new Date(Math.max(new Date(row.starts_at).getTime() - lead, now.getTime())).toISOString()
    return work(
      'program',
      at,
      'window_opens',
      (lead > 0
        ? `Latchkey puts the code on ${r.lockName} ${moments.at(at)}, ahead of check-in: the lock switches it on by itself when the window opens`
        : `Latchkey puts the code on ${r.lockName} when its window opens, ${moments.at(at)}`) +
        (r.unreachable === undefined ? '.' : ', if it can reach the lock by then.'),
    )
  }
  if (situation === 'scheduled_on_lock' && row.starts_at !== null)
    return work(
      'look_at_lock',
      row.starts_at,
      'window_opens',
      `${r.lockName} switches the code on ${moments.at(row.starts_at)}; Latchkey looks at the lock then` +
        (row.ends_at === null ? '.' : `, and takes the code off at check-out, ${moments.at(row.ends_at)}.`),
    )
  if (situation === 'on_lock' && row.type === 'time_bound' && row.ends_at !== null)
    return work(
      'remove',
      row.ends_at,
      'window_ends',
      `Latchkey takes the code off ${r.lockName} at check-out, ${moments.at(row.ends_at)}.`,
    )
  if (lockNextLookAt === null) return null
  return work(
    'look_at_lock',
    lockNextLookAt,
    'keypad_poll',
    situation === 'disabled_on_keypad'
      ? `Latchkey does not program a switched-off entry again; it next looks at ${r.lockName} ${moments.atFromNow(lockNextLookAt)}.`
      : `Nothing is planned for this code; Latchkey next looks at ${r.lockName}’s keypad ${moments.atFromNow(lockNextLookAt)}.`,
  )
}

function lockHoldsOf(r: Reading): LockHolds | null {
  const { held } = r
  if (held === undefined) return null
  const { row } = r.facts
  const differences: LockHolds['differences'] = []
  if (!r.gone) {
    const wanted = r.native ? { startsAt: row.starts_at, endsAt: row.ends_at } : { startsAt: null, endsAt: null }
    if (r.pin !== null && held.code !== r.pin) differences.push('code')
    if ((held.name ?? '') !== (row.name ?? '')) differences.push('name')
    if (held.startsAt !== wanted.startsAt || held.endsAt !== wanted.endsAt) differences.push('schedule')
    if (!held.enabled) differences.push('disabled')
  }
  return {
    source: held.source,
    read_at: held.source === 'lock' ? (r.facts.keypad?.readAt ?? null) : null,
    slot: held.slot,
    code: held.code,
    name: held.name,
    starts_at: held.startsAt,
    ends_at: held.endsAt,
    enabled: held.enabled,
    differences,
  }
}

function pinClashOf(r: Reading): PinClash | null {
  const clash = r.facts.clash
  if (clash === undefined || r.gone) return null
  return { access_code_id: clash.accessCodeId, name: clash.name, is_managed: clash.isManaged, slot: r.clashSlot }
}

/** What to do, most urgent first: the situation's own advice, then the catalogue's for each error and warning. */
function whatToDo(situation: CodeSituation, r: Reading): string[] {
  const out: string[] = []
  const clash = r.facts.clash
  const duplicate = r.codeIssues.some((i) => DUPLICATE_ERRORS.has(i.code) || DUPLICATE_WARNINGS.has(i.code))
  if (clash !== undefined && duplicate && !clash.isManaged)
    out.push(
      `Delete the unmanaged code ${quoted(codeDisplayName(clash))} from the lock, or convert it into a Latchkey code ` +
        'if it is still needed and give this code another PIN.',
    )
  if (situation === 'being_removed' && r.opens)
    out.push(
      'Until the lock confirms the removal, the old PIN still opens the door. If it must stop working now, delete it ' +
        'at the keypad or in the lock maker’s app.',
    )
  const severity = { critical: 0, problem: 1, notice: 2 }
  const issues = [
    ...(r.unreachable === undefined ? [] : [r.unreachable]),
    ...r.conditions,
    ...r.codeIssues,
    ...r.facts.errors.filter((e) => e.code === 'device_removed'),
  ]
    .filter((issue, i, all) => all.findIndex((o) => o.kind === issue.kind && o.code === issue.code) === i)
    .map((issue) => describeIssue(issue.kind, issue.code))
    .sort((a, b) => (a.kind === b.kind ? severity[a.severity] - severity[b.severity] : a.kind === 'error' ? -1 : 1))
  for (const entry of issues) if (!out.includes(entry.whatToDo)) out.push(entry.whatToDo)
  if (!r.opens && !r.gone && out.length > 0 && situation !== 'device_removed') {
    // Something stands between the guest and the door: the backup pool is the way in meanwhile.
    if (r.facts.row.pulled_backup_access_code_id !== null)
      out.push(
        'A backup code was already pulled for this code: give the guest its PIN (open the backup code to see it).',
      )
    else if (r.facts.backupAvailable)
      out.push(
        'If it is not fixed before the guest arrives, pull a backup code: it is already on the lock for the same ' +
          'dates. Send its PIN to the guest.',
      )
  }
  const level = r.facts.device.batteryLevel
  const band = level === null ? undefined : batteryStatus(level)
  if (level !== null && (band === 'critical' || band === 'low') && situation !== 'device_removed')
    out.push(lowBatteryWords(level, band === 'critical').remedy)
  return out
}

export function buildExplanation(facts: CodeFacts): Explanation {
  const r = read(facts)
  const situation = situationOf(r)
  const { row, device, now } = facts
  const sentences = new Sentences()
  lifecycleSentences(sentences, r, situation)
  lockSentences(sentences, r, situation)
  keypadSentences(sentences, r, situation)
  issueSentences(sentences, r)
  const next = nextLockWorkOf(situation, r)
  if (next !== null) sentences.add('next_work', next.text, next.due_at)
  const doorAttempts = doorAttemptsOf(facts, r.moments)
  const lastAttempt = doorAttempts[0]
  if (lastAttempt !== undefined)
    sentences.add('door_attempt', `Last try at the door: ${lower(lastAttempt.text)}`, lastAttempt.occurred_at)
  return {
    access_code_id: row.access_code_id,
    device_id: row.device_id,
    access_code_name: r.name,
    device_name: device.displayName,
    property_name: device.propertyName,
    timezone: device.timezone,
    status: r.deleted || row.status === 'deleted' ? 'removing' : row.status,
    is_deleted: r.deleted,
    generated_at: now.toISOString(),
    lock_reachable: r.unreachable === undefined && device.removedAt === null,
    // Where Latchkey cannot tell, it does not claim the PIN works.
    opens_door_now: r.opens && situation !== 'device_removed' && situation !== 'unknown',
    situation,
    headline: headlineOf(situation, r),
    sentences: sentences.list,
    what_to_do: whatToDo(situation, r),
    lock_holds: lockHoldsOf(r),
    pin_clash: pinClashOf(r),
    next_lock_work: next,
    door_attempts: doorAttempts,
    timeline: timelineOf(facts),
  }
}
