import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { lowerThreadPriority } from '@/lib/sync/thread-priority'

/** The nice value of a thread of this process, from its stat line (the 19th field). */
const niceOf = (statFile: string): number => {
  const stat = fs.readFileSync(statFile, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return Number(fields[16])
}

describe.runIf(fs.existsSync('/proc/thread-self'))('lowerThreadPriority', () => {
  it('lowers the calling thread only: the process’s other threads keep theirs', () => {
    const self = fs.readlinkSync('/proc/thread-self').split('/').pop() ?? ''
    const others = fs.readdirSync('/proc/self/task').filter((tid) => tid !== self)
    expect(others.length).toBeGreaterThan(0)
    const before = new Map(others.map((tid) => [tid, niceOf(`/proc/self/task/${tid}/stat`)]))
    const target = Math.min(19, niceOf('/proc/thread-self/stat') + 3)
    expect(lowerThreadPriority(target)).toBe(target)
    expect(niceOf('/proc/thread-self/stat')).toBe(target)
    for (const [tid, nice] of before) {
      if (fs.existsSync(`/proc/self/task/${tid}`)) expect(niceOf(`/proc/self/task/${tid}/stat`)).toBe(nice)
    }
  })
})
