import 'server-only'
import { assemblyExtraBytes, type Assembly, type CodePiece } from '@/lib/access-codes/list-assembly'

/**
 * Serialized list responses, keyed by device and by the device's access-codes version. Every write to a device's
 * codes bumps that version in its own transaction, so an entry is served only while the store still holds exactly
 * what it was built from — on this instance or after a write by another one.
 */
export interface CachedList {
  version: number
  body: Buffer
  etag: string
  /** How the body was put together, for the next list of the key to copy what did not change (list-assembly.ts). */
  assembly?: Assembly
}

/** What an entry takes, as counted against the bound. */
const bytesOf = (entry: CachedList): number =>
  entry.body.length + (entry.assembly === undefined ? 0 : assemblyExtraBytes(entry.assembly))

const MAX_BYTES = 48 * 1024 * 1024

export class ListCache {
  readonly #entries = new Map<string, CachedList>()
  #bytes = 0

  /** `maxBytes`: the entries kept, in all; one larger than a quarter of it is not kept. */
  constructor(readonly maxBytes = MAX_BYTES) {}

  /** Bytes of the entries kept (bodies, and what their assemblies hold besides). */
  get bytes(): number {
    return this.#bytes
  }

  get(key: string, version: number): CachedList | undefined {
    const entry = this.#entries.get(key)
    if (entry === undefined || entry.version !== version) return undefined
    // Re-insert to keep the map in least-recently-used order.
    this.#entries.delete(key)
    this.#entries.set(key, entry)
    return entry
  }

  /** The entry of `key` whatever its version (a list to build the next one from), without counting it as used. */
  previous(key: string): CachedList | undefined {
    return this.#entries.get(key)
  }

  set(key: string, entry: CachedList): void {
    const old = this.#entries.get(key)
    if (old !== undefined) {
      this.#bytes -= bytesOf(old)
      this.#entries.delete(key)
    }
    const bytes = bytesOf(entry)
    if (bytes > this.maxBytes / 4) return
    this.#entries.set(key, entry)
    this.#bytes += bytes
    for (const [oldestKey, oldest] of this.#entries) {
      if (this.#bytes <= this.maxBytes) break
      this.#entries.delete(oldestKey)
      this.#bytes -= bytesOf(oldest)
    }
  }
}

const MAX_PIECE_BYTES = 32 * 1024 * 1024

/**
 * Each code's JSON as a list carries it, so a lock's list is assembled from pieces and a write re-serializes only the
 * codes it changed. A piece is used only while its signature (the row's version, which the store moves when a column
 * the code's object shows changes, and the backup pool's state) is the one it was made from, so a stale piece is
 * never served: it is made again. Keyed by a variant (how the code is shown) and the code's id.
 *
 * Past MAX_PIECE_BYTES the pieces not used lately go first, by the clock (second-chance) rule: a read only marks its
 * piece used, and eviction, from the oldest, spares a marked piece once (unmarked, moved to the newest end). Moving
 * each piece to the end on every read, as a strict least-recently-used order does, cost 0.12-0.17 ms a list of 1,000
 * codes in Map deletes and inserts; reads are a thousand times more frequent than evictions.
 */
export class CodePieces {
  readonly #pieces = new Map<string, { piece: CodePiece; used: boolean }>()
  #bytes = 0

  constructor(readonly maxBytes = MAX_PIECE_BYTES) {}

  /** What the pieces kept take, as counted against `maxBytes` (see sizeOf). */
  get bytes(): number {
    return this.#bytes
  }

  get(key: string, signature: string): CodePiece | undefined {
    const entry = this.#pieces.get(key)
    if (entry === undefined || entry.piece.signature !== signature) return undefined
    entry.used = true
    return entry.piece
  }

  set(key: string, piece: CodePiece): void {
    const old = this.#pieces.get(key)
    if (old !== undefined) {
      this.#bytes -= sizeOf(old.piece)
      this.#pieces.delete(key)
    }
    this.#pieces.set(key, { piece, used: false })
    this.#bytes += sizeOf(piece)
    // Each entry is spared at most once per sweep, so this ends: a second look finds it unmarked.
    while (this.#bytes > this.maxBytes) {
      const oldest = this.#pieces.entries().next().value
      if (oldest === undefined) break
      const [oldestKey, entry] = oldest
      this.#pieces.delete(oldestKey)
      if (entry.used && oldestKey !== key) {
        entry.used = false
        this.#pieces.set(oldestKey, entry)
      } else this.#bytes -= sizeOf(entry.piece)
    }
  }

  get size(): number {
    return this.#pieces.size
  }
}

// Strings are two bytes a character at most in V8; the key and signature count too, and a Buffer's own object.
export const sizeOf = (piece: CodePiece): number =>
  piece.json.byteLength + piece.digest.byteLength + 2 * piece.signature.length + 240
