import 'server-only'
import { DomainError } from '@/lib/errors/domain-error'

/**
 * At most `capacity` jobs at once; up to `maxWaiting` more wait their turn, in order, and any beyond that are refused
 * at once with `too_many_requests`. Bounding the queue bounds the wait, with no timer.
 */
export class ConcurrencyLimit {
  readonly capacity: number
  readonly maxWaiting: number
  #running = 0
  readonly #waiting: (() => void)[] = []

  constructor(capacity: number, maxWaiting: number) {
    this.capacity = capacity
    this.maxWaiting = maxWaiting
  }

  get running(): number {
    return this.#running
  }

  get waiting(): number {
    return this.#waiting.length
  }

  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.#running < this.capacity) this.#running += 1
    else if (this.#waiting.length < this.maxWaiting) await new Promise<void>((resolve) => this.#waiting.push(resolve))
    else
      throw new DomainError('too_many_requests', 'The server is busy checking other sign-ins. Try again in a moment.', {
        retry_after_seconds: 1,
      })
    try {
      return await job()
    } finally {
      // The slot passes straight to the next in line, or is given back.
      const next = this.#waiting.shift()
      if (next === undefined) this.#running -= 1
      else next()
    }
  }
}
