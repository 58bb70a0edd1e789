import { describe, expect, it } from 'vitest'
import {
  activeFaults,
  activeInWords,
  faultGroups,
  faultLabel,
  producesInWords,
  takesOperations,
} from '@/lib/client/sandbox-faults-model'
import type { SandboxFaultView } from '@/lib/schemas/device'

const fault = (over: Partial<SandboxFaultView> & Pick<SandboxFaultView, 'fault'>): SandboxFaultView => ({
  produces: { errors: [over.fault], warnings: [] },
  lasts: 'operations',
  lock_does: 'does something',
  clears: 'clear_faults',
  active: null,
  ...over,
})

describe('the Simulate panel’s words for faults', () => {
  const failing = fault({ fault: 'failed_to_set_on_device', lock_does: 'answers with an error' })
  const hub = fault({ fault: 'hub_disconnected', lasts: 'until_cleared', active: { operations_left: null } })
  const removed = fault({ fault: 'device_removed', lasts: 'permanent' })
  const delay = fault({
    fault: 'august_device_programming_delay',
    produces: { errors: ['august_device_programming_delay'], warnings: ['august_device_programming_delay'] },
    active: { operations_left: 2 },
  })

  it('groups faults by how long they last, keeping their order and leaving empty groups out', () => {
    expect(faultGroups([hub, failing, delay]).map((g) => [g.label, g.faults.map((f) => f.fault)])).toEqual([
      ['The next requests only', ['failed_to_set_on_device', 'august_device_programming_delay']],
      ['Until you clear faults', ['hub_disconnected']],
    ])
    expect(faultGroups([removed]).map((g) => g.label)).toEqual(['For good'])
  })

  it('says what the lock does, what shows and how long an active fault lasts', () => {
    expect(faultLabel(failing)).toBe('Answers with an error (failed_to_set_on_device)')
    expect(producesInWords(failing)).toBe('error failed_to_set_on_device')
    expect(producesInWords(delay)).toBe(
      'warning august_device_programming_delay, error august_device_programming_delay',
    )
    expect(activeFaults([failing, hub, delay])).toEqual([hub, delay])
    expect(activeInWords(hub)).toBe('until cleared')
    expect(activeInWords(delay)).toBe('2 more operations')
    expect(activeInWords({ ...delay, active: { operations_left: 1 } })).toBe('1 more operation')
    expect(activeInWords(failing)).toBe('not active')
    expect(takesOperations(failing)).toBe(true)
    expect(takesOperations(hub)).toBe(false)
  })
})
