// The endpoint fuzz's generators (tests/api/fuzz/): valid request bodies built from each operation's zod input schema
// (through z.toJSONSchema), and the ways a caller gets a body wrong. Ids are symbolic (`IdRef`) until the request is
// sent, so that they name the objects the fixture workspace has at that moment, another workspace's, or none.
import fc from 'fast-check'
import { z } from 'zod'
import { sandboxFaults } from '@/lib/locks/sandbox-faults'

/** A JSON Schema node as z.toJSONSchema writes it (only what the generators read). */
interface JsonSchema {
  type?: string | string[]
  properties?: Record<string, JsonSchema>
  required?: string[]
  items?: JsonSchema
  enum?: unknown[]
  const?: unknown
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  allOf?: JsonSchema[]
  format?: string
  pattern?: string
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
  exclusiveMinimum?: number
  exclusiveMaximum?: number
  minItems?: number
  maxItems?: number
  default?: unknown
  additionalProperties?: boolean | JsonSchema
}

/** Whose object an id names: the caller's workspace, another workspace, or nobody's. */
export type IdScope = 'mine' | 'theirs' | 'unknown'

/** An id field's value, resolved against the live fixture when the request is sent. */
export class IdRef {
  constructor(
    readonly entity: string,
    readonly scope: IdScope,
    readonly pick: number,
  ) {}
}

/** The kinds of object an `…_id` field can name (`device_id`, `access_code_ids`, …). */
export const entityOfField = (field: string): string => field.replace(/_ids?$/, '')

export class NoGeneratorError extends Error {}

/** The fixture's clock: every date the fuzz writes is around this instant. */
export const FUZZ_NOW = new Date('2030-06-01T12:00:00.000Z')

const HOUR = 3_600_000

/** A valid ISO instant within a few weeks of FUZZ_NOW, mostly in UTC, sometimes with an offset. */
const validDate: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: -48, max: 24 * 30 }), fc.constantFrom('Z', 'Z', 'Z', '+02:00', '-05:00'))
  .map(([hours, offset]) => {
    const iso = new Date(FUZZ_NOW.getTime() + hours * HOUR).toISOString()
    if (offset === 'Z') return iso
    const shifted = new Date(new Date(iso).getTime() + (offset.startsWith('+') ? 1 : -1) * 2 * HOUR)
    return shifted.toISOString().replace(/\.\d+Z$/, offset)
  })

const digits = (min: number, max: number): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(...'0123456789'.split('')), { minLength: min, maxLength: max }).map((d) => d.join(''))

const word = fc.constantFrom('Cleaner', 'Guest', 'Front door', 'Back gate', 'Unit 4B', 'Ålesund cabin', 'Réception')

/** Hand-written valid values for fields whose schema says too little (a free string that the service reads). */
export interface FieldHints {
  email: string
  password: string
  propertyName: string
  lockNames: readonly string[]
}

function hintFor(field: string, hints: FieldHints): fc.Arbitrary<unknown> | undefined {
  switch (field) {
    case 'code':
      return digits(4, 8)
    case 'name':
    case 'guest_name':
      return word
    case 'fault':
      return fc.constantFrom(...sandboxFaults.map((f) => f.code))
    case 'email':
      return fc.constantFrom(hints.email, hints.email.toUpperCase(), 'nobody@example.com')
    case 'password':
      return fc.constantFrom(hints.password, 'wrong password')
    case 'reservation_key':
    case 'common_code_key':
      // Keys, not ids, but like ids they name the fixture's objects (or none).
      return fc.oneof(idRef(field), fc.constantFrom('R-1', 'R-2', 'booking 7'))
    case 'csv':
      return staysCsv(hints)
    default:
      return undefined
  }
}

/** Mostly the caller's own objects, so valid bodies reach the services; sometimes nobody's. */
export const idRef = (entity: string, scope?: IdScope): fc.Arbitrary<IdRef> =>
  fc
    .tuple(
      scope === undefined ? fc.constantFrom<IdScope>('mine', 'mine', 'mine', 'mine', 'unknown') : fc.constant(scope),
      fc.nat({ max: 50 }),
    )
    .map(([s, pick]) => new IdRef(entity, s, pick))

function staysCsv(hints: FieldHints): fc.Arbitrary<string> {
  const row = fc
    .tuple(
      fc.constantFrom('R-1', 'R-2', 'R-3', 'csv-9'),
      word,
      fc.subarray([...hints.lockNames], { minLength: 1, maxLength: 2 }),
      fc.integer({ min: 1, max: 20 }),
      fc.integer({ min: 1, max: 5 }),
      fc.option(digits(4, 6), { nil: undefined }),
    )
    .map(([key, guest, locks, day, nights, code]) => {
      const checkIn = new Date(FUZZ_NOW.getTime() + day * 24 * HOUR).toISOString().slice(0, 10)
      const checkOut = new Date(FUZZ_NOW.getTime() + (day + nights) * 24 * HOUR).toISOString().slice(0, 10)
      return [key, guest, hints.propertyName, locks.join(';'), `${checkIn} 15:00`, `${checkOut} 11:00`, code ?? '']
        .map((cell) => `"${cell.replace(/"/g, '""')}"`)
        .join(',')
    })
  return fc
    .array(row, { minLength: 1, maxLength: 3 })
    .map((rows) => ['reservation_key,guest_name,property,locks,check_in,check_out,code', ...rows].join('\n'))
}

/** The arbitrary of valid values for one JSON Schema node; `field` is the property it sits under. */
function arbitraryOf(schema: JsonSchema, field: string, hints: FieldHints, where: string): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const)
  if (schema.enum !== undefined) return fc.constantFrom(...schema.enum)
  const union = schema.anyOf ?? schema.oneOf
  if (union !== undefined) return fc.oneof(...union.map((s, i) => arbitraryOf(s, field, hints, `${where}/anyOf/${i}`)))
  if (schema.allOf !== undefined && schema.allOf.length === 1 && schema.allOf[0] !== undefined)
    return arbitraryOf(schema.allOf[0], field, hints, `${where}/allOf/0`)
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type
  switch (type) {
    case 'string': {
      if (schema.format === 'uuid') return idRef(entityOfField(field))
      if (schema.format === 'date-time') return validDate
      const hinted = hintFor(field, hints)
      if (hinted !== undefined) return hinted
      const min = schema.minLength ?? 0
      const max = Math.min(schema.maxLength ?? 40, Math.max(min, 40))
      if (schema.pattern === '^\\d+$') return digits(Math.max(min, 1), max)
      return fc.string({ minLength: min, maxLength: max })
    }
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000 })
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true })
    case 'boolean':
      return fc.boolean()
    case 'null':
      return fc.constant(null)
    case 'array': {
      if (schema.items === undefined) throw new NoGeneratorError(`${where}: an array without "items"`)
      const items = arbitraryOf(schema.items, field, hints, `${where}/items`)
      const minLength = schema.minItems ?? 0
      return fc.array(items, { minLength, maxLength: Math.min(schema.maxItems ?? 4, Math.max(minLength, 4)) })
    }
    case 'object':
      return objectArbitrary(schema, hints, where)
    default:
      // `{}` (anything) is what z.toJSONSchema writes for what JSON Schema cannot say; the fuzz cannot build it.
      throw new NoGeneratorError(`${where}: no generator for ${JSON.stringify(schema).slice(0, 200)}`)
  }
}

function objectArbitrary(schema: JsonSchema, hints: FieldHints, where: string): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {}
  const model: Record<string, fc.Arbitrary<unknown>> = {}
  for (const [key, value] of Object.entries(properties)) {
    model[key] = arbitraryOf(value, key, hints, `${where}/${key}`)
  }
  const required = (schema.required ?? []).filter((k) => k in properties)
  const optional = Object.keys(properties).filter((k) => !required.includes(k))
  // A few optional fields at a time: with all of them, hardly any body makes sense to the service as a whole.
  return fc
    .tuple(fc.record(model), fc.subarray(optional, { maxLength: Math.min(3, optional.length) }))
    .map(([all, chosen]) =>
      Object.fromEntries(Object.entries(all).filter(([k]) => required.includes(k) || chosen.includes(k))),
    )
}

const VALID_CANDIDATES = 12
const PLACEHOLDER_ID = '0b9e7a35-6f4c-4d8e-9a1b-2c3d4e5f6a7b'

const withPlaceholderIds = (value: unknown): unknown => {
  if (value instanceof IdRef) return PLACEHOLDER_ID
  if (Array.isArray(value)) return value.map(withPlaceholderIds)
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withPlaceholderIds(v)]))
  return value
}

export interface BodyShape {
  /** Valid bodies (as far as the schema says: the service may still refuse them). */
  valid: fc.Arbitrary<Record<string, unknown>>
  properties: string[]
  required: string[]
}

/** The operation's valid-body generator, from its zod input schema; throws NoGeneratorError when it cannot. */
export function bodyShapeOf(input: z.ZodType, hints: FieldHints): BodyShape {
  let schema: JsonSchema
  try {
    schema = z.toJSONSchema(input, { io: 'input', unrepresentable: 'any' }) as JsonSchema
  } catch (error) {
    throw new NoGeneratorError(`z.toJSONSchema cannot describe the input: ${String(error)}`)
  }
  if (schema.type !== 'object') throw new NoGeneratorError('the input schema is not an object')
  const candidate = objectArbitrary(schema, hints, '#')
  // JSON Schema cannot say everything (`give since or between`): of a few candidates, the first the zod schema
  // itself accepts (ids stand in as a well-formed UUID), or the first one when none does.
  const parses = (body: Record<string, unknown>): boolean => input.safeParse(withPlaceholderIds(body)).success
  return {
    valid: fc
      .array(candidate, { minLength: VALID_CANDIDATES, maxLength: VALID_CANDIDATES })
      .map((bodies) => bodies.find(parses) ?? bodies[0] ?? {}),
    properties: Object.keys(schema.properties ?? {}),
    required: schema.required ?? [],
  }
}

// ---- what a caller gets wrong

const HUGE = 100 * 1024

/** Strings that break naive code: odd Unicode, NUL, SQL and path look-alikes, huge and empty ones. */
export const oddString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\uD800',
    'a\uDC00b',
    '\u200Fשלום\u200E',
    '\u202Eevil',
    'nul\u0000byte',
    '\u0000',
    '😀🔐🏠',
    'e\u0301\u0301\u0301',
    '\uFEFFbom',
    '\uFFFF\uFFFE',
    "'; DROP TABLE access_codes; --",
    '" OR 1=1 --',
    '../../etc/passwd',
    '%00%ff',
    '${7*7}{{7*7}}',
    '__proto__',
    '1e308',
    '0x10',
    '-0',
    'null',
    'true',
  ),
  fc.constantFrom('x', '7', '😀', '\u200F').map((unit) => unit.repeat(Math.ceil(HUGE / unit.length))),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
)

export const oddNumber: fc.Arbitrary<number> = fc.constantFrom(
  1e308,
  -1e308,
  -1,
  0,
  -0,
  2 ** 53 + 1,
  -(2 ** 53) - 1,
  0.5,
  4.000001,
  1e-320,
  2 ** 31,
  2 ** 63,
  99999999999999999999,
)

export const badDate: fc.Arbitrary<string> = fc.constantFrom(
  '0000-01-01T00:00:00Z',
  '10000-01-01T00:00:00Z',
  '+275760-09-13T00:00:00Z',
  '-000001-01-01T00:00:00Z',
  '2025-02-30T00:00:00Z',
  '2025-13-01T00:00:00Z',
  '2025-01-01T24:00:00Z',
  '2025-01-01T23:59:60Z',
  '2030-06-01T12:00:00+14:00',
  '2030-06-01T12:00:00-23:59',
  '2030-06-01T12:00:00+24:00',
  '2030-06-01T12:00:00',
  '2030-06-01',
  '2030-06-01 12:00:00Z',
  '1970-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999999999Z',
  'yesterday',
  '',
)

/** A value of some JSON type, or nested deeply. */
export const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  oddString,
  oddNumber,
  badDate,
  fc.boolean(),
  fc.constant(null),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.oneof(oddString, oddNumber), { minLength: 1, maxLength: 3 }),
  fc.jsonValue({ maxDepth: 3 }),
  fc.nat({ max: 200 }).map((depth) => {
    let value: unknown = 'deep'
    for (let i = 0; i < depth; i++) value = i % 2 === 0 ? { a: value } : [value]
    return value
  }),
  idRef('device', 'theirs'),
  idRef('access_code', 'theirs'),
)

export type Mutation =
  | { kind: 'replace'; field: string; value: unknown }
  | { kind: 'wrap_in_array'; field: string }
  | { kind: 'drop'; field: string }
  | { kind: 'extra'; field: string; value: unknown }
  | { kind: 'foreign_ids' }

/** One to three changes to a valid body. */
export function mutationsOf(shape: BodyShape): fc.Arbitrary<Mutation[]> {
  const fields = shape.properties.length > 0 ? shape.properties : ['_']
  const field = fc.constantFrom(...fields)
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    { weight: 5, arbitrary: fc.record({ kind: fc.constant('replace' as const), field, value: wrongValue }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('wrap_in_array' as const), field }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('drop' as const), field }) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('extra' as const),
        field: fc.constantFrom('unknown_field', '__proto__', 'constructor', 'workspace_id', 'ok', 'is_managed', ''),
        value: wrongValue,
      }),
    },
    { weight: 2, arbitrary: fc.constant({ kind: 'foreign_ids' as const }) },
  )
  return fc.array(mutation, { minLength: 1, maxLength: 3 })
}

const mapIds = (value: unknown, scope: IdScope): unknown => {
  if (value instanceof IdRef) return new IdRef(value.entity, scope, value.pick)
  if (Array.isArray(value)) return value.map((v) => mapIds(v, scope))
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapIds(v, scope)]))
  return value
}

export function applyMutations(body: Record<string, unknown>, mutations: readonly Mutation[]): Record<string, unknown> {
  let out: Record<string, unknown> = { ...body }
  for (const m of mutations) {
    switch (m.kind) {
      case 'replace':
        out[m.field] = m.value
        break
      case 'wrap_in_array':
        out[m.field] = [out[m.field] ?? null, out[m.field] ?? null]
        break
      case 'drop':
        delete out[m.field]
        break
      case 'extra':
        // defineProperty: a plain assignment to `__proto__` would set the prototype instead of a key.
        Object.defineProperty(out, m.field, { value: m.value, enumerable: true, writable: true, configurable: true })
        break
      case 'foreign_ids':
        out = mapIds(out, 'theirs') as Record<string, unknown>
        break
    }
  }
  return out
}

/** Bodies that are not a JSON object at all, with the content type they are sent as. */
export const rawBody: fc.Arbitrary<{ text: string | Uint8Array; contentType: string | undefined }> = fc.record({
  text: fc.oneof(
    fc.constantFrom(
      '{',
      '{"device_id": }',
      'null',
      '[]',
      '[{}]',
      '123',
      '"a string"',
      'true',
      '{"a":1}{"b":2}',
      '{"a":1,"a":2}',
      'device_id=abc&name=x',
      '<?xml version="1.0"?><a/>',
      '\uFEFF{}',
      '{"__proto__":{"admin":true}}',
      '{"constructor":{"prototype":{"x":1}}}',
      `${'['.repeat(5000)}${']'.repeat(5000)}`,
      `${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}`,
      '--boundary\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--boundary--',
    ),
    fc.string({ unit: 'binary', maxLength: 50 }),
    fc.uint8Array({ maxLength: 50 }),
    fc.constant(new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])),
  ),
  contentType: fc.constantFrom(
    'application/json',
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=boundary',
    'application/xml',
    undefined,
  ),
})
