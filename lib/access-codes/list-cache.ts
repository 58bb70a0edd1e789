import 'server-only'

/**
 * Serialized list responses, keyed by device and by the device's access-codes version. Every write to a device's
 * codes bumps that version in its own transaction, so an entry is served only while the store still holds exactly
 * what it was built from — on this instance or after a write by another one.
 */
export interface CachedList {
  version: number
  body: Buffer
  etag: string
}

const MAX_BYTES = 48 * 1024 * 1024

export class ListCache {
  readonly #entries = new Map<string, CachedList>()
  #bytes = 0

  get(key: string, version: number): CachedList | undefined {
    const entry = this.#entries.get(key)
    if (entry === undefined || entry.version !== version) return undefined
    // Re-insert to keep the map in least-recently-used order.
    this.#entries.delete(key)
    this.#entries.set(key, entry)
    return entry
  }

  set(key: string, entry: CachedList): void {
    const old = this.#entries.get(key)
    if (old !== undefined) {
      this.#bytes -= old.body.length
      this.#entries.delete(key)
    }
    if (entry.body.length > MAX_BYTES / 4) return
    this.#entries.set(key, entry)
    this.#bytes += entry.body.length
    for (const [oldestKey, oldest] of this.#entries) {
      if (this.#bytes <= MAX_BYTES) break
      this.#entries.delete(oldestKey)
      this.#bytes -= oldest.body.length
    }
  }
}
