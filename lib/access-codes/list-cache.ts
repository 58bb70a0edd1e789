import 'server-only'
import { createHash } from 'node:crypto'

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

  /** `maxBytes`: the bodies kept, in all; one larger than a quarter of it is not kept. */
  constructor(readonly maxBytes = MAX_BYTES) {}

  /** Bytes of the bodies kept. */
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

  set(key: string, entry: CachedList): void {
    const old = this.#entries.get(key)
    if (old !== undefined) {
      this.#bytes -= old.body.length
      this.#entries.delete(key)
    }
    if (entry.body.length > this.maxBytes / 4) return
    this.#entries.set(key, entry)
    this.#bytes += entry.body.length
    for (const [oldestKey, oldest] of this.#entries) {
      if (this.#bytes <= this.maxBytes) break
      this.#entries.delete(oldestKey)
      this.#bytes -= oldest.body.length
    }
  }
}

/**
 * One code's serialized JSON, as UTF-8 bytes (a list is then one copy of its pieces, with no string to join and
 * encode again), filed under the signature it was made from (the row's version and the backup pool's state), with a
 * hash of the bytes (a list's ETag is made from its pieces' hashes).
 */
export interface CodePiece {
  signature: string
  json: Buffer
  digest: Buffer
}

/** A piece's hash: SHA-1 of its bytes, 20 bytes. */
export const digestOf = (json: Buffer): Buffer => createHash('sha1').update(json).digest()

const MAX_PIECE_BYTES = 32 * 1024 * 1024

/**
 * Each code's JSON as a list carries it, so a lock's list is assembled from pieces and a write re-serializes only the
 * codes it changed. A piece is used only while its signature (the row's version, which the store moves on every
 * update of the row, and the backup pool's state) is the one it was made from, so a stale piece is never served: it
 * is made again. Keyed by a variant (how the code is shown) and
 * the code's id; least recently used pieces go first past MAX_PIECE_BYTES.
 */
export class CodePieces {
  readonly #pieces = new Map<string, CodePiece>()
  #bytes = 0

  constructor(readonly maxBytes = MAX_PIECE_BYTES) {}

  /** What the pieces kept take, as counted against `maxBytes` (see sizeOf). */
  get bytes(): number {
    return this.#bytes
  }

  get(key: string, signature: string): CodePiece | undefined {
    const piece = this.#pieces.get(key)
    if (piece === undefined || piece.signature !== signature) return undefined
    this.#pieces.delete(key)
    this.#pieces.set(key, piece)
    return piece
  }

  set(key: string, piece: CodePiece): void {
    const old = this.#pieces.get(key)
    if (old !== undefined) {
      this.#bytes -= sizeOf(old)
      this.#pieces.delete(key)
    }
    this.#pieces.set(key, piece)
    this.#bytes += sizeOf(piece)
    for (const [oldestKey, oldest] of this.#pieces) {
      if (this.#bytes <= this.maxBytes) break
      this.#pieces.delete(oldestKey)
      this.#bytes -= sizeOf(oldest)
    }
  }

  get size(): number {
    return this.#pieces.size
  }
}

// Strings are two bytes a character at most in V8; the key and signature count too, and a Buffer's own object.
export const sizeOf = (piece: CodePiece): number =>
  piece.json.byteLength + piece.digest.byteLength + 2 * piece.signature.length + 240
