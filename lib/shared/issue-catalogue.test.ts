import Ajv from 'ajv'
import addFormats from 'ajv-formats'
import { openapi } from '@seamapi/types/connect'
import { describe, expect, it } from 'vitest'
import specFacts from '@/lib/shared/issue-catalogue.spec-facts.json'
import { sandboxFaults } from '@/lib/locks/sandbox-faults'
import { DEVICE_CONDITION_CODES, LOCK_WORK_ERRORS, LOCK_WORK_WARNINGS } from '@/lib/sync/issue-codes'
import {
  accessCodeErrorCatalogue,
  accessCodeWarningCatalogue,
  describeIssue,
  isCatalogued,
  issueObject,
  type IssueEntry,
  type IssueKind,
} from '@/lib/shared/issue-catalogue'

// ---------------------------------------------------------------------------------------------------------------
// Seam's codes: every error and warning variant of the access code object in @seamapi/types (a devDependency, so
// the comparison runs in every clone), plus the few the reference page lists that the installed version does not
// have yet (issue-catalogue.spec-facts.json). A missing or reshaped input fails here; nothing is skipped.
// ---------------------------------------------------------------------------------------------------------------

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x)

const codeKey: Record<IssueKind, 'error_code' | 'warning_code'> = { error: 'error_code', warning: 'warning_code' }

/** Code → the is_* flags of its variant, read from the access code's `errors` / `warnings` union in @seamapi/types. */
function seamTypesFlags(kind: IssueKind): Map<string, string[]> {
  const property = openapi.components.schemas.access_code.properties[kind === 'error' ? 'errors' : 'warnings']
  const variants: unknown = property.items.oneOf
  if (!Array.isArray(variants) || variants.length === 0)
    throw new Error(`@seamapi/types: access_code.${kind}s.items.oneOf is not a list of variants`)
  const flags = new Map<string, string[]>()
  for (const variant of variants as unknown[]) {
    if (!isRecord(variant) || !isRecord(variant.properties))
      throw new Error(`@seamapi/types: a ${kind} variant without properties`)
    const code = variant.properties[codeKey[kind]]
    if (!isRecord(code) || !Array.isArray(code.enum) || code.enum.length === 0)
      throw new Error(`@seamapi/types: a ${kind} variant without an enum of ${codeKey[kind]}`)
    const variantFlags = Object.keys(variant.properties)
      .filter((k) => k.startsWith('is_'))
      .sort()
    for (const value of code.enum as unknown[]) flags.set(String(value), variantFlags)
  }
  return flags
}

function newerFlags(kind: IssueKind): Map<string, string[]> {
  const listed: Record<string, string[]> = kind === 'error' ? specFacts.errors : specFacts.warnings
  return new Map(Object.entries(listed).map(([code, flags]) => [code, [...flags].sort()]))
}

const seamTypes: Record<IssueKind, Map<string, string[]>> = {
  error: seamTypesFlags('error'),
  warning: seamTypesFlags('warning'),
}
const newerThanSeamTypes: Record<IssueKind, Map<string, string[]>> = {
  error: newerFlags('error'),
  warning: newerFlags('warning'),
}
/** Every code of Seam's access code object, with the is_* flags its variant lists. */
const seamCodes: Record<IssueKind, Map<string, string[]>> = {
  error: new Map([...seamTypes.error, ...newerThanSeamTypes.error]),
  warning: new Map([...seamTypes.warning, ...newerThanSeamTypes.warning]),
}

const catalogue: Record<IssueKind, Readonly<Record<string, IssueEntry>>> = {
  error: accessCodeErrorCatalogue,
  warning: accessCodeWarningCatalogue,
}

const flagsOf = (obj: Record<string, unknown>): string[] =>
  Object.keys(obj)
    .filter((k) => k.startsWith('is_'))
    .sort()

const createdAt = '2025-01-01T00:00:00.000Z'

describe("issue catalogue against Seam's codes", () => {
  it('reads the codes from @seamapi/types', () => {
    expect(seamTypes.error.size).toBeGreaterThan(30)
    expect(seamTypes.warning.size).toBeGreaterThan(10)
    expect(seamTypes.error.get('device_offline')).toEqual(['is_device_error'])
    expect(seamTypes.warning.has('delay_in_setting_on_device')).toBe(true)
  })

  it('lists as newer than @seamapi/types only codes the installed version really lacks', () => {
    for (const kind of ['error', 'warning'] as const) {
      const alreadyThere = [...newerThanSeamTypes[kind].keys()].filter((code) => seamTypes[kind].has(code))
      expect({ kind, alreadyThere }).toEqual({ kind, alreadyThere: [] })
    }
  })

  for (const kind of ['error', 'warning'] as const) {
    it(`has an entry for every ${kind} code`, () => {
      const missing = [...seamCodes[kind].keys()].filter((code) => !isCatalogued(kind, code))
      expect(missing).toEqual([])
    })

    it(`names no ${kind} code Seam does not have`, () => {
      expect(Object.keys(catalogue[kind]).filter((code) => !seamCodes[kind].has(code))).toEqual([])
    })

    it(`puts on the wire exactly the is_* flags each ${kind} variant lists`, () => {
      for (const [code, flags] of seamCodes[kind]) {
        expect({ kind, code, flags: flagsOf(issueObject(kind, code, createdAt)) }).toEqual({ kind, code, flags })
      }
    })
  }
})

describe('issue catalogue entries', () => {
  for (const kind of ['error', 'warning'] as const) {
    for (const [key, entry] of Object.entries(catalogue[kind])) {
      it(`${kind} ${key} is complete`, () => {
        expect(entry.code).toBe(key)
        expect(entry.kind).toBe(kind)
        for (const field of ['title', 'message', 'explanation', 'whatToDo'] as const) {
          expect(entry[field].trim(), `${kind} ${key}.${field}`).not.toBe('')
        }
        expect(entry.message).toMatch(/\.$/)
        expect(['critical', 'problem', 'notice']).toContain(entry.severity)
        if (kind === 'warning') expect(entry.scope).not.toBe('bridge')
      })
    }
  }

  it('gives both an error and a warning entry, worded for each, to codes that are both', () => {
    const both = Object.keys(accessCodeErrorCatalogue).filter((c) => isCatalogued('warning', c))
    expect(both.length).toBeGreaterThan(0)
    for (const code of both) {
      const asError = describeIssue('error', code)
      const asWarning = describeIssue('warning', code)
      expect(asError.kind).toBe('error')
      expect(asWarning.kind).toBe('warning')
      expect(asWarning.explanation).not.toBe(asError.explanation)
    }
  })

  it('describes unknown codes generically without throwing', () => {
    for (const code of ['some_new_problem', '', 'constructor', '__proto__', 'toString']) {
      for (const kind of ['error', 'warning'] as const) {
        const entry = describeIssue(kind, code)
        expect(entry.kind).toBe(kind)
        expect(entry.code).toBe(code)
        expect(entry.title).not.toBe('')
        expect(entry.explanation).not.toBe('')
        expect(entry.whatToDo).not.toBe('')
        expect(entry.message).toMatch(/\.$/)
      }
    }
    expect(describeIssue('error', 'some_new_problem').message).toBe('Some new problem.')
    expect(issueObject('error', 'some_new_problem', createdAt)).toEqual({
      error_code: 'some_new_problem',
      message: 'Some new problem.',
      created_at: createdAt,
      is_access_code_error: true,
    })
    expect(issueObject('warning', 'some_new_notice', createdAt)).toEqual({
      warning_code: 'some_new_notice',
      message: 'Some new notice.',
      created_at: createdAt,
    })
  })

  it('builds the wire shapes Seam sends', () => {
    expect(issueObject('error', 'device_offline', createdAt)).toEqual({
      error_code: 'device_offline',
      message: 'Device is offline.',
      created_at: createdAt,
      is_device_error: true,
    })
    expect(issueObject('error', 'no_space_for_access_code_on_device', createdAt)).toEqual({
      error_code: 'no_space_for_access_code_on_device',
      message: 'No space for access code on device.',
      created_at: createdAt,
      is_access_code_error: true,
    })
    expect(issueObject('error', 'account_disconnected', createdAt)).toEqual({
      error_code: 'account_disconnected',
      message: 'Account is disconnected.',
      created_at: createdAt,
      is_connected_account_error: true,
      is_device_error: false,
    })
    expect(issueObject('error', 'bridge_disconnected', createdAt)).toMatchObject({
      error_code: 'bridge_disconnected',
      is_bridge_error: true,
      is_connected_account_error: true,
    })
    expect(issueObject('warning', 'delay_in_setting_on_device', createdAt)).toEqual({
      warning_code: 'delay_in_setting_on_device',
      message: 'Delay in setting code on device.',
      created_at: createdAt,
    })
  })
})

// ---------------------------------------------------------------------------------------------------------------
// What to do: written for a property manager with real locks, and true to what the lock side does
// ---------------------------------------------------------------------------------------------------------------

const entries = [...Object.values(accessCodeErrorCatalogue), ...Object.values(accessCodeWarningCatalogue)]
const named = (codes: readonly string[], kind?: IssueKind) =>
  entries.filter((e) => codes.includes(e.code) && (kind === undefined || e.kind === kind))

describe('what to do', () => {
  it('speaks of real locks, not of the sandbox’s simulations', () => {
    const sandboxWords = /clear_faults|simulat|sandbox|\bfault\b/i
    const offending = entries.filter((e) => sandboxWords.test(e.whatToDo) || sandboxWords.test(e.explanation))
    expect(offending.map((e) => `${e.kind} ${e.code}`)).toEqual([])
  })

  it('says Latchkey keeps at the lock work it retries by itself, instead of sending people to retry it', () => {
    const retried = [...named(LOCK_WORK_ERRORS, 'error'), ...named(LOCK_WORK_WARNINGS, 'warning')]
    expect(retried.length).toBeGreaterThan(20)
    const silent = retried.filter(
      (e) => !/Latchkey (keeps (retrying|asking|trying)|(also )?retries|is putting)/.test(e.whatToDo),
    )
    expect(silent.map((e) => `${e.kind} ${e.code}`)).toEqual([])
  })

  it('says a condition of the lock clears by itself, and asks nobody to retry or re-create codes for it', () => {
    const conditions = named(DEVICE_CONDITION_CODES)
    expect(conditions.length).toBeGreaterThan(15)
    const clearsByItself =
      /Latchkey (catches up|carries out|sends the waiting codes) by itself|(clears|goes) by itself|usually clears by itself/
    const asksToRetry = /\b(then )?retry (the|this|affected)\b|, then retry|create the code again|recreate/i
    expect(conditions.filter((e) => !clearsByItself.test(e.whatToDo)).map((e) => `${e.kind} ${e.code}`)).toEqual([])
    expect(conditions.filter((e) => asksToRetry.test(e.whatToDo)).map((e) => `${e.kind} ${e.code}`)).toEqual([])
  })

  it('warns that a warning the lock side turns into the same error will do so', () => {
    // The lock's unconfirmed requests and conditions that show a warning first, then the error of the same code.
    const turning = sandboxFaults
      .filter((f) => f.produces.errors.includes(f.code) && f.produces.warnings.includes(f.code))
      .filter((f) => f.code !== 'code_modified_external_to_seam')
      .map((f) => f.code)
    expect(turning.sort()).toEqual([
      'august_device_programming_delay',
      'august_lock_temporarily_offline',
      'kwikset_unable_to_confirm_code',
    ])
    for (const code of turning) expect(describeIssue('warning', code).whatToDo).toMatch(/becomes an error/)
  })
})

// ---------------------------------------------------------------------------------------------------------------
// Seam's published schema (@seamapi/types)
// ---------------------------------------------------------------------------------------------------------------

interface PropertySchema {
  enum?: readonly unknown[]
  type?: string
}
interface VariantSchema {
  required: readonly string[]
  properties: Record<string, PropertySchema>
}

function asVariants(x: unknown): VariantSchema[] {
  if (!Array.isArray(x)) throw new Error('expected an array of variants')
  return x.map((v: unknown) => {
    if (!isRecord(v) || !isRecord(v.properties)) throw new Error('variant without properties')
    const properties: Record<string, PropertySchema> = {}
    for (const [name, p] of Object.entries(v.properties)) {
      if (!isRecord(p)) continue
      properties[name] = {
        ...(Array.isArray(p.enum) ? { enum: p.enum } : {}),
        ...(typeof p.type === 'string' ? { type: p.type } : {}),
      }
    }
    const required = Array.isArray(v.required) ? v.required.filter((r): r is string => typeof r === 'string') : []
    return { required, properties }
  })
}

/** OpenAPI 3.0 `nullable: true` → JSON Schema `type: [T, 'null']`, so Ajv understands it. */
function fromOpenApi(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(fromOpenApi)
  if (!isRecord(schema)) return schema
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(schema)) if (k !== 'nullable') out[k] = fromOpenApi(v)
  if (schema.nullable === true && typeof schema.type === 'string') out.type = [schema.type, 'null']
  return out
}

const accessCodeSchema = openapi.components.schemas.access_code
const errorItems: unknown = accessCodeSchema.properties.errors.items
const warningItems: unknown = accessCodeSchema.properties.warnings.items
const schemaVariants: Record<IssueKind, VariantSchema[]> = {
  error: asVariants(accessCodeSchema.properties.errors.items.oneOf),
  warning: asVariants(accessCodeSchema.properties.warnings.items.oneOf),
}
function variantFor(kind: IssueKind, code: string): VariantSchema | undefined {
  return schemaVariants[kind].find((v) => v.properties[codeKey[kind]]?.enum?.includes(code) === true)
}

const ajv = new Ajv({ strict: false, allErrors: true })
addFormats(ajv)
function jsonSchema(openApiSchema: unknown): Record<string, unknown> {
  const converted = fromOpenApi(openApiSchema)
  if (!isRecord(converted)) throw new Error('expected a schema object')
  return converted
}
const validators = {
  error: ajv.compile(jsonSchema(errorItems)),
  warning: ajv.compile(jsonSchema(warningItems)),
}

describe("issueObject against Seam's published schema", () => {
  for (const kind of ['error', 'warning'] as const) {
    const inSchema = Object.keys(catalogue[kind]).filter((code) => variantFor(kind, code) !== undefined)
    const notInSchema = Object.keys(catalogue[kind]).filter((code) => variantFor(kind, code) === undefined)

    for (const code of inSchema) {
      it(`${kind} ${code} matches its variant`, () => {
        const variant = variantFor(kind, code)
        if (variant === undefined) throw new Error('unreachable')
        const obj = issueObject(kind, code, createdAt)

        for (const key of variant.required) expect(obj, `${code} requires ${key}`).toHaveProperty(key)
        for (const key of Object.keys(obj)) expect(Object.keys(variant.properties), `${code}: ${key}`).toContain(key)
        for (const [name, prop] of Object.entries(variant.properties)) {
          if (!name.startsWith('is_')) continue
          const value = obj[name]
          if (prop.enum !== undefined) expect(prop.enum, `${code}.${name}`).toContain(value)
          else if (value !== undefined) expect(typeof value, `${code}.${name}`).toBe('boolean')
        }

        const validate = validators[kind]
        expect(validate(obj), JSON.stringify(validate.errors)).toBe(true)
      })
    }

    // Codes newer than the installed @seamapi/types (the igloohome bridge errors) have their flags checked against the
    // reference page above; these are exactly the ones listed there, no more.
    it(`${kind} codes without a variant in @seamapi/types are exactly those listed as newer`, () => {
      expect(notInSchema.sort()).toEqual([...newerThanSeamTypes[kind].keys()].sort())
    })
  }
})
