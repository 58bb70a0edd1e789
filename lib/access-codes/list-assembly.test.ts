// A lock's list put together from the list before it (issue 11): whatever happened to the codes in between, the body
// and ETag are those of the list assembled afresh from every code's piece.
import { describe, expect, it } from 'vitest'
import {
  assemble,
  comparePositions,
  digestOf,
  matchLines,
  pageLines,
  positionOf,
  sortedLines,
  type Assembly,
  type CodePiece,
} from '@/lib/access-codes/list-assembly'

interface Code {
  id: string
  createdAt: string
  version: number
  name: string
}

const lineOf = (c: Code): string => `${c.version} ${c.createdAt} ${c.id}`
const pieceOf = (c: Code): CodePiece => {
  const json = Buffer.from(JSON.stringify({ access_code_id: c.id, name: c.name, v: c.version }))
  return { signature: `1|${c.version}`, json, digest: digestOf(json) }
}
const TAIL = Buffer.from('],"pagination":{"has_next_page":false},"ok":true}')

/** The list made from every code's piece, with nothing from before. */
const fresh = (codes: readonly Code[]): Assembly =>
  assemble(codes.map(lineOf), null, codes.map(pieceOf), undefined, true, TAIL)

/** The list made from `previous`, with pieces only for the codes whose lines it does not have. */
function fromPrevious(previous: Assembly, codes: readonly Code[]): { assembly: Assembly; piecesAsked: number } {
  const lines = codes.map(lineOf)
  const from = matchLines(previous.lines, lines)
  expect(from).not.toBeNull()
  let piecesAsked = 0
  const pieces = codes.map((c, i) => {
    if ((from?.[i] ?? -1) >= 0) return undefined
    piecesAsked++
    return pieceOf(c)
  })
  return { assembly: assemble(lines, from, pieces, previous, true, TAIL), piecesAsked }
}

const codeAt = (n: number, version = 0): Code => ({
  // Two codes in each millisecond, so that the id orders codes made at the same time.
  createdAt: new Date(Date.UTC(2030, 0, 1) + Math.floor(n / 2)).toISOString(),
  id: `01a2-${String(n).padStart(4, '0')}`,
  version,
  name: `Guest ${n}`,
})

function expectSameList(actual: Assembly, codes: readonly Code[]): void {
  const expected = fresh(codes)
  expect(actual.body.toString()).toBe(expected.body.toString())
  expect(actual.etag).toBe(expected.etag)
  expect(actual.lines).toEqual(expected.lines)
  expect(actual.digests.equals(expected.digests)).toBe(true)
  // Every code's recorded place holds its own bytes.
  codes.forEach((c, i) => {
    expect(actual.body.subarray(actual.starts[i], actual.ends[i]).toString()).toBe(pieceOf(c).json.toString())
  })
}

describe('a list assembled from the one before it', () => {
  const start = Array.from({ length: 12 }, (_, n) => codeAt(n))

  it('is the same list as one made afresh, and is the body listAccessCodes would serialize', () => {
    const list = fresh(start)
    expect(JSON.parse(list.body.toString())).toEqual({
      access_codes: start.map((c) => ({ access_code_id: c.id, name: c.name, v: c.version })),
      pagination: { has_next_page: false },
      ok: true,
    })
    expect(fresh([]).body.toString()).toBe(`{"access_codes":[${TAIL.toString()}`)
  })

  it('asks only for the pieces of changed and new codes', () => {
    const before = fresh(start)
    const renamed = start.map((c, i) => (i === 5 ? { ...c, version: 1, name: 'Renamed' } : c))
    const one = fromPrevious(before, renamed)
    expect(one.piecesAsked).toBe(1)
    expectSameList(one.assembly, renamed)

    const unchanged = fromPrevious(one.assembly, renamed)
    expect(unchanged.piecesAsked).toBe(0)
    expectSameList(unchanged.assembly, renamed)

    const grown = [...renamed, codeAt(12), codeAt(13)]
    const added = fromPrevious(unchanged.assembly, grown)
    expect(added.piecesAsked).toBe(2)
    expectSameList(added.assembly, grown)
  })

  it('follows deletions, inserts between codes, several changes and an emptied list', () => {
    let previous = fresh(start)
    const steps: Code[][] = [
      start.filter((_, i) => i !== 0),
      start.filter((_, i) => i !== 6 && i !== 11),
      // A code made between two others (its created_at sorts it there).
      [...start.slice(0, 5), { ...codeAt(4), id: '01a2-0004a' }, ...start.slice(5)],
      start.map((c, i) => (i % 3 === 0 ? { ...c, version: 2, name: `${c.name} again` } : c)),
      [],
      start,
    ]
    for (const codes of steps) {
      const { assembly } = fromPrevious(previous, codes)
      expectSameList(assembly, codes)
      previous = assembly
    }
  })

  it('survives random sequences of edits', () => {
    // A small deterministic generator: the same sequence on every run.
    let seed = 7
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed % n
    }
    let codes = start
    let next = 100
    let previous = fresh(codes)
    for (let step = 0; step < 200; step++) {
      const edits = 1 + random(3)
      for (let e = 0; e < edits; e++) {
        const kind = random(3)
        const at = random(codes.length + 1)
        if (kind === 0 && codes.length > 0) codes = codes.filter((_, i) => i !== at % codes.length)
        else if (kind === 1 && codes.length > 0)
          codes = codes.map((c, i) =>
            i === at % codes.length ? { ...c, version: c.version + 1, name: `n${step}` } : c,
          )
        else codes = [...codes, codeAt(next++)]
      }
      const { assembly } = fromPrevious(previous, codes)
      expectSameList(assembly, codes)
      previous = assembly
    }
  })

  it('leaves out a code whose row was gone when read', () => {
    const lines = start.slice(0, 3).map(lineOf)
    const pieces = [pieceOf(start[0] as Code), null, pieceOf(start[2] as Code)]
    const assembly = assemble(lines, null, pieces, undefined, true, TAIL)
    expect(assembly.lines).toEqual([lines[0], lines[2]])
    expectSameList(assembly, [start[0] as Code, start[2] as Code])
  })
})

describe('matching lines against the list before', () => {
  const lines = Array.from({ length: 6 }, (_, n) => lineOf(codeAt(n)))

  it('finds each unchanged line, and none for a changed or new one', () => {
    const changed = [...lines]
    changed[2] = lineOf(codeAt(2, 5))
    changed.push(lineOf(codeAt(6)))
    expect([...(matchLines(lines, changed) ?? [])]).toEqual([0, 1, -1, 3, 4, 5, -1])
    expect([...(matchLines([], lines) ?? [])]).toEqual([-1, -1, -1, -1, -1, -1])
    expect([...(matchLines(lines, lines.slice(3)) ?? [])]).toEqual([3, 4, 5])
  })

  it('finds lines out of list order, so that the caller sorts them', () => {
    const swapped = [lines[0], lines[2], lines[1], lines[3]] as string[]
    expect(matchLines(lines, swapped)).toBeNull()
    expect(matchLines([], swapped)).toBeNull()
    // The same line twice is out of order too.
    expect(matchLines([], [lines[0], lines[0]] as string[])).toBeNull()
  })
})

describe('the list order a page of lines is checked against', () => {
  const a = '0 2030-01-01T00:00:00.000Z 01a2-b'
  const b = '3 2030-01-01T00:00:00.000Z 01a2-c'
  const c = '1 2030-01-01T00:00:01.000Z 01a2-a'

  it('is created_at, then the id for codes made in the same millisecond', () => {
    expect(comparePositions(positionOf(a), positionOf(b))).toBeLessThan(0)
    expect(comparePositions(positionOf(b), positionOf(c))).toBeLessThan(0)
    expect(comparePositions(positionOf(c), positionOf(a))).toBeGreaterThan(0)
    expect(comparePositions(positionOf(a), positionOf(a))).toBe(0)
  })

  it('puts lines the store gave out of order back in it', () => {
    expect(matchLines([], [b, a, c])).toBeNull()
    expect(sortedLines([c, a, b])).toEqual([a, b, c])
    expect(sortedLines([a, b, c])).toEqual([a, b, c])
  })

  it('cuts a page to its limit after sorting it, so the extra line never takes a place on it', () => {
    // The store's extra line (the first of the next page) came first: sorted, it is the last of the three.
    expect(pageLines([], [c, a, b], 2)).toEqual({ lines: [a, b], hasNext: true, from: null })
    const inOrder = pageLines([a, b], [a, b, c], 2)
    expect(inOrder.lines).toEqual([a, b])
    expect(inOrder.hasNext).toBe(true)
    expect([...(inOrder.from ?? [])]).toEqual([0, 1])
    expect(pageLines([a], [a, b], 5)).toMatchObject({ lines: [a, b], hasNext: false })
    expect(pageLines([], [], 5)).toMatchObject({ lines: [], hasNext: false })
  })
})
