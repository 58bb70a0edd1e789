import { describe, it, expect } from 'vitest'
import {
  canTransition,
  IllegalTransitionError,
  lifecycle,
  transition,
  type LifecycleState,
  type LifecycleTrigger,
} from '@/lib/sync/lifecycle'

// Everything below is written out by hand, never read back from `lifecycle`: a test that derives its expectations
// from the table it checks cannot fail.

const STATES = [
  'unset',
  'setting',
  'set',
  'removing',
  'unknown',
  'deleted',
] as const satisfies readonly LifecycleState[]

const TRIGGERS = [
  'start_programming',
  'confirmed_set',
  'scheduled_on_device',
  'activated',
  'start_removing',
  'confirmed_removed',
  'cancelled',
  'lost_from_device',
  'finished',
  'account_lost',
  'device_lost',
  'account_restored',
] as const satisfies readonly LifecycleTrigger[]

// Fails to compile when a state or trigger is added to the unions in lifecycle.ts but not to the lists above.
type ListsEvery<All, Listed extends All> = [Exclude<All, Listed>] extends [never] ? true : false
const everyStateListed: ListsEvery<LifecycleState, (typeof STATES)[number]> = true
const everyTriggerListed: ListsEvery<LifecycleTrigger, (typeof TRIGGERS)[number]> = true

type Edge = readonly [from: LifecycleState, trigger: LifecycleTrigger, to: LifecycleState]

const EDGES: readonly Edge[] = [
  ['unset', 'start_programming', 'setting'],
  ['unset', 'activated', 'set'],
  ['unset', 'start_removing', 'removing'],
  ['unset', 'finished', 'deleted'],
  ['unset', 'account_lost', 'unknown'],
  ['unset', 'device_lost', 'unknown'],

  ['setting', 'confirmed_set', 'set'],
  ['setting', 'scheduled_on_device', 'unset'],
  ['setting', 'start_removing', 'removing'],
  ['setting', 'cancelled', 'unset'],
  ['setting', 'finished', 'deleted'],
  ['setting', 'account_lost', 'unknown'],
  ['setting', 'device_lost', 'unknown'],

  ['set', 'start_programming', 'setting'],
  ['set', 'start_removing', 'removing'],
  ['set', 'scheduled_on_device', 'unset'],
  ['set', 'lost_from_device', 'unset'],
  ['set', 'finished', 'deleted'],
  ['set', 'account_lost', 'unknown'],
  ['set', 'device_lost', 'unknown'],

  ['removing', 'confirmed_removed', 'unset'],
  ['removing', 'finished', 'deleted'],
  ['removing', 'start_programming', 'setting'],
  ['removing', 'account_lost', 'unknown'],
  ['removing', 'device_lost', 'unknown'],

  ['unknown', 'account_restored', 'unset'],
  ['unknown', 'finished', 'deleted'],
]

const pairKey = (from: LifecycleState, trigger: LifecycleTrigger): string => `${from} --${trigger}-->`
const edgeKey = (from: LifecycleState, trigger: LifecycleTrigger, to: LifecycleState): string =>
  `${pairKey(from, trigger)} ${to}`

/** Every (from, trigger, to) the table actually holds, read generically so an extra key cannot hide. */
function edgesInTable(): { from: string; trigger: string; to: unknown }[] {
  const found: { from: string; trigger: string; to: unknown }[] = []
  for (const [from, byTrigger] of Object.entries(lifecycle)) {
    for (const [trigger, to] of Object.entries(byTrigger)) found.push({ from, trigger, to })
  }
  return found
}

const LISTED_PAIRS = new Set(EDGES.map(([from, trigger]) => pairKey(from, trigger)))

const NON_EDGES: readonly (readonly [LifecycleState, LifecycleTrigger])[] = STATES.flatMap((from) =>
  TRIGGERS.filter((trigger) => !LISTED_PAIRS.has(pairKey(from, trigger))).map((trigger) => [from, trigger] as const),
)

/** States reachable from `start` by following the real table. */
function reachableFrom(start: LifecycleState): Set<LifecycleState> {
  const seen = new Set<LifecycleState>([start])
  const queue: LifecycleState[] = [start]
  for (let state = queue.shift(); state !== undefined; state = queue.shift()) {
    for (const trigger of TRIGGERS) {
      if (!canTransition(state, trigger)) continue
      const next = transition(state, trigger)
      if (!seen.has(next)) {
        seen.add(next)
        queue.push(next)
      }
    }
  }
  return seen
}

describe('the hand-written lists', () => {
  it('name every state and trigger of the lifecycle types', () => {
    expect(everyStateListed).toBe(true)
    expect(everyTriggerListed).toBe(true)
    expect(new Set(STATES).size).toBe(STATES.length)
    expect(new Set(TRIGGERS).size).toBe(TRIGGERS.length)
  })

  it('list each (from, trigger) pair once', () => {
    expect(EDGES).toHaveLength(27)
    expect(LISTED_PAIRS.size).toBe(EDGES.length)
  })

  it('leave 45 of the 72 (state, trigger) combinations without an edge', () => {
    expect(STATES.length * TRIGGERS.length).toBe(72)
    expect(NON_EDGES).toHaveLength(72 - 27)
  })
})

describe('every edge, one by one', () => {
  it.each(EDGES)('%s --%s--> %s', (from, trigger, to) => {
    expect(lifecycle[from][trigger]).toBe(to)
    expect(canTransition(from, trigger)).toBe(true)
    expect(transition(from, trigger)).toBe(to)
  })
})

describe('the table', () => {
  it('has exactly the states, no more and no fewer', () => {
    expect(Object.keys(lifecycle).sort()).toEqual([...STATES].sort())
  })

  it('has exactly the listed (from, trigger) pairs and no others', () => {
    const inTable = edgesInTable().map(({ from, trigger }) => `${from} --${trigger}-->`)
    expect(inTable).toHaveLength(new Set(inTable).size)
    expect(inTable.sort()).toEqual([...LISTED_PAIRS].sort())
  })

  it('has exactly the listed edges, targets included', () => {
    const inTable = edgesInTable().map(({ from, trigger, to }) => `${from} --${trigger}--> ${String(to)}`)
    expect(inTable.sort()).toEqual(EDGES.map(([from, trigger, to]) => edgeKey(from, trigger, to)).sort())
  })

  it('only ever leads to a known state', () => {
    for (const { to } of edgesInTable()) expect(STATES).toContain(to)
  })
})

describe('every combination without an edge', () => {
  it.each(NON_EDGES)('%s --%s--> throws IllegalTransitionError', (from, trigger) => {
    expect(canTransition(from, trigger)).toBe(false)
    expect(lifecycle[from][trigger]).toBeUndefined()

    let thrown: unknown
    try {
      transition(from, trigger)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(IllegalTransitionError)
    expect(thrown).toBeInstanceOf(Error)
    expect(thrown).toMatchObject({ name: 'IllegalTransitionError', from, trigger })
    expect((thrown as Error).message).toContain(from)
    expect((thrown as Error).message).toContain(trigger)
  })
})

describe('deleted', () => {
  it('is terminal: no outgoing edges', () => {
    expect(Object.keys(lifecycle.deleted)).toEqual([])
    for (const trigger of TRIGGERS) {
      expect(canTransition('deleted', trigger)).toBe(false)
      expect(() => transition('deleted', trigger)).toThrow(IllegalTransitionError)
    }
  })

  it('is the only terminal state', () => {
    const terminal = STATES.filter((state) => TRIGGERS.every((trigger) => !canTransition(state, trigger)))
    expect(terminal).toEqual(['deleted'])
  })

  it.each(STATES.filter((state) => state !== 'deleted'))('is reachable from %s', (state) => {
    expect(reachableFrom(state).has('deleted')).toBe(true)
  })
})

describe('no code gets stuck', () => {
  it('every state is reachable from unset, where a new code starts', () => {
    expect([...reachableFrom('unset')].sort()).toEqual([...STATES].sort())
  })

  it.each(STATES.filter((state) => state !== 'deleted'))(
    'from %s the code can still end up active on the keypad',
    (state) => {
      expect(reachableFrom(state).has('set')).toBe(true)
    },
  )
})

describe('unknown', () => {
  it('is only left by account_restored or finished', () => {
    const leaving = TRIGGERS.filter((trigger) => canTransition('unknown', trigger))
    expect(leaving.sort()).toEqual(['account_restored', 'finished'])
    expect(Object.keys(lifecycle.unknown).sort()).toEqual(['account_restored', 'finished'])
  })

  it('goes back to unset when the account returns, and to deleted when the code is finished', () => {
    expect(transition('unknown', 'account_restored')).toBe('unset')
    expect(transition('unknown', 'finished')).toBe('deleted')
  })

  it('does not react to losing the account or device again', () => {
    expect(() => transition('unknown', 'account_lost')).toThrow(IllegalTransitionError)
    expect(() => transition('unknown', 'device_lost')).toThrow(IllegalTransitionError)
  })

  it('is entered from every live state when the account or the device is lost', () => {
    for (const state of ['unset', 'setting', 'set', 'removing'] as const) {
      expect(transition(state, 'account_lost')).toBe('unknown')
      expect(transition(state, 'device_lost')).toBe('unknown')
    }
  })
})
