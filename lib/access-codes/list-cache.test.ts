// The caches behind /access_codes/list (issue 11): a whole list is served only at the version it was built at, a
// code's piece only under the signature it was made from, and both stay within their byte bounds, dropping the least
// recently used first.
import { describe, expect, it } from 'vitest'
import { assemble, assemblyExtraBytes, digestOf, type CodePiece } from '@/lib/access-codes/list-assembly'
import { CodePieces, ListCache, sizeOf } from '@/lib/access-codes/list-cache'

const list = (bytes: number, version = 1) => ({ version, body: Buffer.alloc(bytes, 'x'), etag: `"v${version}"` })

const piece = (text: string, signature = '1|0'): CodePiece => {
  const json = Buffer.from(text)
  return { signature, json, digest: digestOf(json) }
}

describe('ListCache', () => {
  it('serves a list only at the version it was built at', () => {
    const cache = new ListCache(1_000)
    expect(cache.get('lock', 1)).toBeUndefined()
    const entry = list(10, 3)
    cache.set('lock', entry)
    expect(cache.get('lock', 3)).toBe(entry)
    expect(cache.get('lock', 4)).toBeUndefined()
    expect(cache.get('lock', 2)).toBeUndefined()
    expect(cache.get('other lock', 3)).toBeUndefined()
  })

  it('gives the entry of a key at any version as the one to build the next list from', () => {
    const cache = new ListCache(10_000)
    expect(cache.previous('lock')).toBeUndefined()
    const entry = list(10, 3)
    cache.set('lock', entry)
    expect(cache.get('lock', 4)).toBeUndefined()
    expect(cache.previous('lock')).toBe(entry)
  })

  it('counts what an assembly holds besides the body', () => {
    const cache = new ListCache(100_000)
    const codes = [piece('{"a":1}'), piece('{"b":2}')]
    const assembly = assemble(['0 t a', '0 t b'], null, codes, undefined, false, Buffer.from(']}'))
    cache.set('lock', { version: 1, body: assembly.body, etag: assembly.etag, assembly })
    expect(cache.bytes).toBe(assembly.body.length + assemblyExtraBytes(assembly))
    expect(assemblyExtraBytes(assembly)).toBeGreaterThan(2 * 20)
    cache.set('lock', list(10, 2))
    expect(cache.bytes).toBe(10)
  })

  it('counts a list filed again under its key once, and drops the least recently used past its bound', () => {
    const cache = new ListCache(100)
    cache.set('a', list(20, 1))
    cache.set('a', list(20, 2))
    cache.set('b', list(20))
    expect(cache.bytes).toBe(40)
    cache.set('c', list(20))
    cache.set('d', list(20))
    // a is read, so b is now the least recently used: one more list takes it out.
    expect(cache.get('a', 2)).toBeDefined()
    cache.set('e', list(25))
    expect(cache.get('b', 1)).toBeUndefined()
    for (const key of ['a', 'c', 'd', 'e']) expect(cache.get(key, key === 'a' ? 2 : 1), key).toBeDefined()
    expect(cache.bytes).toBe(85)
  })

  it('keeps no list larger than a quarter of its bound (and forgets the older one under that key)', () => {
    const cache = new ListCache(100)
    cache.set('a', list(25))
    expect(cache.get('a', 1)).toBeDefined()
    cache.set('a', list(26, 2))
    expect(cache.get('a', 1)).toBeUndefined()
    expect(cache.get('a', 2)).toBeUndefined()
    expect(cache.bytes).toBe(0)
  })
})

describe('CodePieces', () => {
  it('serves a piece only under the signature it was made from', () => {
    const pieces = new CodePieces()
    const made = piece('{"name":"Guest"}', '1|4')
    pieces.set('ac_1', made)
    expect(pieces.get('ac_1', '1|4')).toBe(made)
    expect(pieces.get('ac_1', '1|5')).toBeUndefined()
    expect(pieces.get('ac_1', '0|4')).toBeUndefined()
    expect(pieces.get('ac_2', '1|4')).toBeUndefined()
  })

  it('counts what each piece takes (bytes, hash, signature), once per key, and drops the least recently used', () => {
    const one = piece('{"n":1}')
    const each = sizeOf(one)
    expect(each).toBe(one.json.byteLength + 20 + 2 * one.signature.length + 240)
    const pieces = new CodePieces(3 * each)
    pieces.set('ac_1', one)
    pieces.set('ac_1', piece('{"n":1}', '1|1'))
    pieces.set('ac_2', piece('{"n":2}'))
    pieces.set('ac_3', piece('{"n":3}'))
    expect(pieces.size).toBe(3)
    expect(pieces.bytes).toBe(3 * each)
    expect(pieces.get('ac_1', '1|1')).toBeDefined()
    pieces.set('ac_4', piece('{"n":4}'))
    // ac_2 was the least recently used.
    expect(pieces.get('ac_2', '1|0')).toBeUndefined()
    expect(pieces.size).toBe(3)
    expect(pieces.bytes).toBe(3 * each)
  })

  it('spares a piece read since it was made once, then lets it go if it is not read again', () => {
    const each = sizeOf(piece('{"n":1}'))
    const pieces = new CodePieces(3 * each)
    pieces.set('ac_1', piece('{"n":1}'))
    pieces.set('ac_2', piece('{"n":2}'))
    pieces.set('ac_3', piece('{"n":3}'))
    expect(pieces.get('ac_1', '1|0')).toBeDefined()
    expect(pieces.get('ac_3', '1|0')).toBeDefined()
    // Over the bound: ac_1 (read) is spared, ac_2 (never read) goes.
    pieces.set('ac_4', piece('{"n":4}'))
    expect(pieces.get('ac_2', '1|0')).toBeUndefined()
    // Spared pieces wait behind the newer ones: ac_3 (read) is spared in turn, and ac_4 (never read) goes.
    pieces.set('ac_5', piece('{"n":5}'))
    expect(pieces.get('ac_4', '1|0')).toBeUndefined()
    expect(pieces.size).toBe(3)
    // ac_1 was spared once and not read since: now it goes.
    pieces.set('ac_6', piece('{"n":6}'))
    expect(pieces.size).toBe(3)
    expect(pieces.get('ac_1', '1|0')).toBeUndefined()
    expect(pieces.get('ac_3', '1|0')).toBeDefined()
    expect(pieces.bytes).toBe(3 * each)
    // A piece larger than the whole bound is not kept, and takes nothing with it.
    pieces.set('ac_big', piece('x'.repeat(4 * each)))
    expect(pieces.get('ac_big', '1|0')).toBeUndefined()
    expect(pieces.bytes).toBeLessThanOrEqual(3 * each)
  })
})
