import 'server-only'

/**
 * The access-code lifecycle: every state a code can be in and every move between them. A code is born `unset` or
 * `setting` (lib/access-codes/schedule.ts); after that only the reconciler (lib/sync/reconcile-device.ts) moves it,
 * and only along the edges of `lifecycle` below. The main path:
 *
 *   unset ─start_programming─▶ setting ─confirmed_set─▶ set ─start_removing─▶ removing ─finished─▶ deleted
 *
 * plus: natively scheduled codes wait on the keypad as `unset` (scheduled_on_device) until the lock activates them;
 * codes whose window moves later go back to `unset`; any live code becomes `unknown` while its account or lock
 * cannot be reached.
 */
export type LifecycleState = 'unset' | 'setting' | 'set' | 'removing' | 'unknown' | 'deleted'

export type LifecycleTrigger =
  /** The code must be put (or put again) on the keypad. */
  | 'start_programming'
  /** The lock reports the code active on its keypad. */
  | 'confirmed_set'
  /** Programmed ahead of its window on a lock that schedules natively: on the keypad, not yet active. */
  | 'scheduled_on_device'
  /** A natively scheduled code's window opened: the lock activated it by itself. */
  | 'activated'
  /** The code is on the keypad but must not be (window over or moved, or deleted). */
  | 'start_removing'
  /** Off the keypad, and the code waits for a later window. */
  | 'confirmed_removed'
  /** Programming is no longer needed before it happened (the window moved into the future). */
  | 'cancelled'
  /** Removed from the keypad outside Latchkey while external changes are allowed: left off. */
  | 'lost_from_device'
  /** A deleted or expired code is off the keypad (or never reached it): its life is over. */
  | 'finished'
  /** The account the lock is connected through is disconnected: nobody can tell what the keypad holds. */
  | 'account_lost'
  /** The lock itself was removed from its account: Latchkey can no longer reach its keypad. */
  | 'device_lost'
  /** The account is back: start again from "not on the keypad" and let the reconciler look. */
  | 'account_restored'

export const lifecycle: Readonly<Record<LifecycleState, Readonly<Partial<Record<LifecycleTrigger, LifecycleState>>>>> =
  {
    unset: {
      start_programming: 'setting',
      activated: 'set',
      start_removing: 'removing',
      finished: 'deleted',
      account_lost: 'unknown',
      device_lost: 'unknown',
    },
    setting: {
      confirmed_set: 'set',
      scheduled_on_device: 'unset',
      start_removing: 'removing',
      cancelled: 'unset',
      finished: 'deleted',
      account_lost: 'unknown',
      device_lost: 'unknown',
    },
    set: {
      start_programming: 'setting',
      start_removing: 'removing',
      // An instance whose clock is behind the one that saw the window open finds the code still ahead of it.
      scheduled_on_device: 'unset',
      lost_from_device: 'unset',
      // Offline codes live in the lock maker's algorithm, not on the keypad: nothing to remove when they end.
      finished: 'deleted',
      account_lost: 'unknown',
      device_lost: 'unknown',
    },
    removing: {
      confirmed_removed: 'unset',
      finished: 'deleted',
      start_programming: 'setting',
      account_lost: 'unknown',
      device_lost: 'unknown',
    },
    unknown: {
      account_restored: 'unset',
      // A deleted code on a lock that is gone or unreachable for good: nothing left to remove.
      finished: 'deleted',
    },
    deleted: {},
  }

export class IllegalTransitionError extends Error {
  constructor(
    readonly from: LifecycleState,
    readonly trigger: LifecycleTrigger,
  ) {
    super(`An access code cannot go from ${from} by ${trigger}.`)
    this.name = 'IllegalTransitionError'
  }
}

export function transition(from: LifecycleState, trigger: LifecycleTrigger): LifecycleState {
  const edges = Object.hasOwn(lifecycle, from) ? lifecycle[from] : undefined
  const to = edges !== undefined && Object.hasOwn(edges, trigger) ? edges[trigger] : undefined
  if (to === undefined) throw new IllegalTransitionError(from, trigger)
  return to
}

export function canTransition(from: LifecycleState, trigger: LifecycleTrigger): boolean {
  try {
    transition(from, trigger)
    return true
  } catch {
    return false
  }
}
