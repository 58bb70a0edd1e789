import 'server-only'
import { createHash } from 'node:crypto'

/**
 * A lock's list body put together from its codes' JSON, and what it takes to put the next one together from it.
 *
 * The store gives a page as lines `<row_version> <created_at> <access_code_id>`, in list order. A code whose line is
 * the same as in the list before (same code, same row version) is the same bytes: they are copied from the previous
 * body in runs, with their hashes, and only the codes whose lines are new or changed need their pieces. After one
 * code's write to a lock of 1,000 codes, that is three copies instead of two thousand, and no lookups of the other
 * 999 pieces (measured in-process: 0.23 ms of piece lookups and 0.35 ms of copying and hashing a list).
 */
export interface Assembly {
  /** The lines of the codes in the body, in its order (a code whose row was gone when read is not among them). */
  readonly lines: readonly string[]
  /** Whether the lock's backup pool had a free code: part of every code's JSON. */
  readonly backupAvailable: boolean
  readonly body: Buffer
  /** Where each code's JSON starts and ends in the body. */
  readonly starts: Int32Array
  readonly ends: Int32Array
  /** Each code's piece hash (DIGEST_BYTES each), in order: the ETag is the hash of these and the body's frame. */
  readonly digests: Buffer
  readonly etag: string
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

const DIGEST_BYTES = 20
const LIST_OPEN = Buffer.from('{"access_codes":[')
const COMMA = 0x2c

/** A line's list position: created_at, then the id (the line's second and third fields). */
export interface LinePosition {
  createdAt: string
  id: string
}

export function positionOf(line: string): LinePosition {
  const first = line.indexOf(' ')
  const second = line.indexOf(' ', first + 1)
  return { createdAt: line.slice(first + 1, second), id: line.slice(second + 1) }
}

export const idOf = (line: string): string => line.slice(line.indexOf(' ', line.indexOf(' ') + 1) + 1)
export const versionOf = (line: string): string => line.slice(0, line.indexOf(' '))

/** The list order, as SQLite compares text (bytes): created_at, then the id. */
export const comparePositions = (a: LinePosition, b: LinePosition): number =>
  a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0

/**
 * For each of `lines`, the index of the same line in `previous` (a code unchanged since), or -1; null when `lines`
 * are not in list order (then nothing is matched: the caller sorts them). Both are walked once, side by side: a line
 * is parsed only where the two differ, so an unchanged list costs one string comparison a code.
 */
export function matchLines(previous: readonly string[], lines: readonly string[]): Int32Array | null {
  const from = new Int32Array(lines.length).fill(-1)
  let k = 0
  let before: LinePosition | undefined
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string
    let position: LinePosition | undefined
    while (k < previous.length) {
      const old = previous[k] as string
      if (old === line) {
        from[i] = k++
        break
      }
      position ??= positionOf(line)
      const order = comparePositions(positionOf(old), position)
      // The old line's code comes before this one: it left the page (deleted, or moved off it).
      if (order < 0) k++
      else {
        // The same code with a new version (then its old line is used up), or a code new to the page.
        if (order === 0) k++
        break
      }
    }
    // Two lines both found in order in the previous list are in order; any other pair is compared.
    const matched = (from[i] as number) >= 0
    if (i > 0 && !(matched && (from[i - 1] as number) >= 0)) {
      position ??= positionOf(line)
      before ??= positionOf(lines[i - 1] as string)
      if (comparePositions(before, position) >= 0) return null
    }
    before = matched ? undefined : position
  }
  return from
}

/** Lines sorted into list order: only if the store ever gave them otherwise (matchLines found them out of order). */
export function sortedLines(lines: readonly string[]): string[] {
  return lines
    .map((line) => ({ line, position: positionOf(line) }))
    .sort((a, b) => comparePositions(a.position, b.position))
    .map((keyed) => keyed.line)
}

/**
 * A page as the store gave it (`limit` lines and one more when a next page follows): its first `limit` lines in list
 * order, whether more follow, and where each line is in `previous` (matchLines; null when the page had to be sorted,
 * which the whole page is before it is cut, so that the extra line cannot take a place on the page).
 */
export function pageLines(
  previous: readonly string[],
  page: readonly string[],
  limit: number,
): { lines: string[]; hasNext: boolean; from: Int32Array | null } {
  const from = matchLines(previous, page)
  const ordered = from === null ? sortedLines(page) : page
  const hasNext = ordered.length > limit
  return {
    lines: hasNext ? ordered.slice(0, limit) : [...ordered],
    hasNext,
    from: from === null ? null : from.subarray(0, Math.min(limit, from.length)),
  }
}

/**
 * The list of `lines`: each code's bytes from `previous` where `from` names its line there, else from `pieces` (one
 * per line; undefined where `from` gives the code: `previous` has it). `tail` closes the body (pagination, ok).
 * A line whose piece is null (its row was gone when read) is left out.
 */
export function assemble(
  lines: readonly string[],
  from: Int32Array | null,
  pieces: readonly (CodePiece | null | undefined)[],
  previous: Assembly | undefined,
  backupAvailable: boolean,
  tail: Buffer,
): Assembly {
  const reuse = from !== null && previous !== undefined
  const kept: string[] = []
  const sources: number[] = []
  let bytes = LIST_OPEN.length + tail.length
  for (let i = 0; i < lines.length; i++) {
    const k = reuse ? (from[i] as number) : -1
    const piece = pieces[i]
    if (k < 0 && (piece === null || piece === undefined)) continue
    kept.push(lines[i] as string)
    sources.push(i)
    bytes += (k >= 0 ? (previous?.ends[k] as number) - (previous?.starts[k] as number) : (piece?.json.length ?? 0)) + 1
  }
  if (kept.length > 0) bytes -= 1
  const body = Buffer.allocUnsafe(bytes)
  const starts = new Int32Array(kept.length)
  const ends = new Int32Array(kept.length)
  const digests = Buffer.allocUnsafe(kept.length * DIGEST_BYTES)
  let at = LIST_OPEN.copy(body, 0)
  for (let n = 0; n < kept.length; n++) {
    if (n > 0) body[at++] = COMMA
    const i = sources[n] as number
    const k = reuse ? (from[i] as number) : -1
    if (k >= 0 && previous !== undefined) {
      // A run of codes that were side by side before, as they are now: one copy of their bytes, commas and all.
      let last = n
      while (
        last + 1 < kept.length &&
        from?.[sources[last + 1] as number] === (from?.[sources[last] as number] as number) + 1
      )
        last++
      const k2 = from?.[sources[last] as number] as number
      const offset = at - (previous.starts[k] as number)
      previous.body.copy(body, at, previous.starts[k], previous.ends[k2])
      previous.digests.copy(digests, n * DIGEST_BYTES, k * DIGEST_BYTES, (k2 + 1) * DIGEST_BYTES)
      for (let m = n; m <= last; m++) {
        const old = k + (m - n)
        starts[m] = (previous.starts[old] as number) + offset
        ends[m] = (previous.ends[old] as number) + offset
      }
      at = ends[last] as number
      n = last
      continue
    }
    const piece = pieces[i] as CodePiece
    starts[n] = at
    at += piece.json.copy(body, at)
    ends[n] = at
    piece.digest.copy(digests, n * DIGEST_BYTES)
  }
  tail.copy(body, at)
  const etag = createHash('sha1').update(LIST_OPEN).update(digests).update(tail).digest('base64url')
  return { lines: kept, backupAvailable, body, starts, ends, digests, etag: `"a-${etag}"` }
}

/** What an assembly holds besides its body, in bytes, as a cache counts it. */
export function assemblyExtraBytes(assembly: Assembly): number {
  let bytes = assembly.starts.byteLength + assembly.ends.byteLength + assembly.digests.length
  // V8 keeps these lines one byte a character, with a header each.
  for (const line of assembly.lines) bytes += line.length + 24
  return bytes
}
