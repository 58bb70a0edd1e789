import { describe, expect, it } from 'vitest'
import {
  canTransition,
  IllegalTransitionError,
  transition,
  type LifecycleState,
  type LifecycleTrigger,
} from '@/lib/sync/lifecycle'

// The table is a plain object: a state or trigger that happens to name something every object has (a name read from
// a stored row or a log, cast to the type) must be refused like any other unknown move, not followed into
// Object.prototype.
describe('transition looks only at the table’s own edges', () => {
  it('refuses a trigger named after an Object.prototype member, from every state', () => {
    for (const from of ['unset', 'setting', 'set', 'removing', 'unknown', 'deleted'] as const) {
      for (const name of ['toString', 'constructor', 'hasOwnProperty', '__proto__']) {
        const trigger = name as LifecycleTrigger
        expect(() => transition(from, trigger), `${from} --${name}-->`).toThrow(IllegalTransitionError)
        expect(canTransition(from, trigger)).toBe(false)
      }
    }
  })

  it('refuses a state named after an Object.prototype member with an IllegalTransitionError', () => {
    for (const name of ['toString', 'constructor', '__proto__']) {
      const from = name as LifecycleState
      expect(() => transition(from, 'finished'), name).toThrow(IllegalTransitionError)
      expect(canTransition(from, 'finished')).toBe(false)
    }
  })
})
