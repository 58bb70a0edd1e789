import { openapi } from '@seamapi/types/connect'
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'

/**
 * Validates objects the API returns against the schemas Seam publishes in `@seamapi/types` (its OpenAPI 3.0
 * document), so "Seam-compatible" is checked against Seam's own definition rather than against Latchkey's.
 * Test-only: the app never imports `@seamapi/types`.
 */
export type SeamObjectKind =
  'access_code' | 'unmanaged_access_code' | 'device' | 'action_attempt' | 'event' | 'pagination'

type JsonSchema = Record<string, unknown>

const isSchema = (value: unknown): value is JsonSchema =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * OpenAPI 3.0 → JSON Schema for ajv: `nullable: true` becomes a type union (a bare `{ nullable: true }` is how
 * Seam writes `z.null()`, so it becomes `{ type: "null" }`), and the 3.0 boolean `exclusiveMinimum` becomes the
 * numeric form. Only schema positions are rewritten, so a property that happens to be named `type` or `nullable`
 * is left alone.
 */
function toJsonSchema(node: unknown): unknown {
  if (!isSchema(node)) return node
  const out: JsonSchema = { ...node }
  if (isSchema(out.properties)) {
    out.properties = Object.fromEntries(
      Object.entries(out.properties).map(([key, value]) => [key, toJsonSchema(value)]),
    )
  }
  for (const key of ['items', 'additionalProperties', 'not']) {
    if (isSchema(out[key])) out[key] = toJsonSchema(out[key])
  }
  for (const key of ['oneOf', 'anyOf', 'allOf']) {
    const list = out[key]
    if (Array.isArray(list)) out[key] = list.map(toJsonSchema)
  }
  if (out.exclusiveMinimum === true && typeof out.minimum === 'number') {
    out.exclusiveMinimum = out.minimum
    delete out.minimum
  }
  if (out.exclusiveMaximum === true && typeof out.maximum === 'number') {
    out.exclusiveMaximum = out.maximum
    delete out.maximum
  }
  if (out.nullable !== true) return out
  delete out.nullable
  if (typeof out.type === 'string') {
    out.type = [out.type, 'null']
    if (Array.isArray(out.enum)) out.enum = [...(out.enum as unknown[]), null]
    return out
  }
  if (out.oneOf !== undefined || out.anyOf !== undefined || out.allOf !== undefined || out.$ref !== undefined) {
    return { anyOf: [{ type: 'null' }, out] }
  }
  return { ...out, type: 'null' }
}

const ajv = new Ajv({ strict: false, allErrors: true, discriminator: true, allowUnionTypes: true })
addFormats(ajv)
ajv.addFormat('float', { type: 'number', validate: (value: number) => Number.isFinite(value) })

const seamSchemas = openapi.components.schemas as unknown as Record<SeamObjectKind, JsonSchema>
const converted = new Map<SeamObjectKind, JsonSchema>()
const validators = new Map<SeamObjectKind, ValidateFunction>()

function schemaFor(kind: SeamObjectKind): JsonSchema {
  let schema = converted.get(kind)
  if (schema === undefined) {
    const raw = seamSchemas[kind]
    if (!isSchema(raw)) throw new Error(`@seamapi/types has no "${kind}" schema`)
    const result = toJsonSchema(JSON.parse(JSON.stringify(raw)) as unknown)
    if (!isSchema(result)) throw new Error(`the "${kind}" schema did not convert to an object`)
    schema = result
    converted.set(kind, schema)
  }
  return schema
}

function validatorFor(kind: SeamObjectKind): ValidateFunction {
  let validate = validators.get(kind)
  if (validate === undefined) {
    validate = ajv.compile(schemaFor(kind))
    validators.set(kind, validate)
  }
  return validate
}

const enumHas = (propertySchema: unknown, value: unknown): boolean =>
  isSchema(propertySchema) && Array.isArray(propertySchema.enum) && propertySchema.enum.includes(value)

/**
 * The top-level property names Seam declares for this object. For a union (events by `event_type`, action attempts
 * by `action_type` and `status`) that is the variant the object claims to be.
 */
function declaredProperties(kind: SeamObjectKind, value: Record<string, unknown>): Set<string> | undefined {
  const schema = schemaFor(kind)
  const variants = Array.isArray(schema.oneOf) ? schema.oneOf.filter(isSchema) : [schema]
  const matching = variants.find((variant) => {
    if (!isSchema(variant.properties)) return false
    const props = variant.properties
    if (kind === 'event') return enumHas(props.event_type, value.event_type)
    if (kind === 'action_attempt')
      return enumHas(props.action_type, value.action_type) && enumHas(props.status, value.status)
    return true
  })
  return matching !== undefined && isSchema(matching.properties) ? new Set(Object.keys(matching.properties)) : undefined
}

const variantValidators = new Map<JsonSchema, ValidateFunction>()

/**
 * Action attempts are a `oneOf` without a discriminator, so ajv reports every variant's complaint. Re-validate
 * against the variant the object claims to be (its `action_type` and `status`) for errors a person can read.
 */
function variantErrors(kind: SeamObjectKind, value: Record<string, unknown>): ErrorObject[] | null | undefined {
  if (kind !== 'action_attempt') return undefined
  const union = schemaFor(kind).oneOf
  const variants = Array.isArray(union) ? union.filter(isSchema) : []
  const variant = variants.find(
    (v) =>
      isSchema(v.properties) &&
      enumHas(v.properties.action_type, value.action_type) &&
      enumHas(v.properties.status, value.status),
  )
  if (variant === undefined) {
    return [
      {
        instancePath: '',
        schemaPath: '#/oneOf',
        keyword: 'oneOf',
        params: { action_type: value.action_type, status: value.status },
        message: 'no Seam action_attempt variant has this action_type and status',
      },
    ]
  }
  let validate = variantValidators.get(variant)
  if (validate === undefined) {
    validate = ajv.compile(variant)
    variantValidators.set(variant, validate)
  }
  validate(value)
  return validate.errors
}

function formatErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .slice(0, 15)
    .map((e) => {
      const params = Object.keys(e.params).length > 0 ? ` ${JSON.stringify(e.params)}` : ''
      return `  ${e.instancePath === '' ? '(root)' : e.instancePath}: ${e.message ?? e.keyword}${params}`
    })
    .join('\n')
}

/** The reasons `value` is not a valid Seam `kind`, or an empty list when it is. */
export function seamShapeProblems(kind: SeamObjectKind, value: unknown): string[] {
  const validate = validatorFor(kind)
  if (!validate(value))
    return [formatErrors(isSchema(value) ? (variantErrors(kind, value) ?? validate.errors) : validate.errors)]
  if (!isSchema(value)) return []
  // Seam's schemas allow extra properties; Latchkey should not invent any, since a field Seam does not declare
  // is usually a misspelt one it does.
  const declared = declaredProperties(kind, value)
  if (declared === undefined) return []
  const unknown = Object.keys(value).filter((key) => !declared.has(key))
  return unknown.map((key) => `  /${key}: is not a property of Seam's ${kind}`)
}

/** The properties Seam requires of every `kind` (of every variant, for a union such as events). */
export function seamRequiredProperties(kind: SeamObjectKind): string[] {
  const schema = schemaFor(kind)
  const variants = Array.isArray(schema.oneOf) ? schema.oneOf.filter(isSchema) : [schema]
  const requiredOf = (variant: JsonSchema): string[] =>
    Array.isArray(variant.required) ? variant.required.filter((key): key is string => typeof key === 'string') : []
  const [first, ...rest] = variants.map(requiredOf)
  return (first ?? []).filter((key) => rest.every((required) => required.includes(key)))
}

/** Throws, with ajv's errors and the object, unless `value` validates against Seam's published `kind` schema. */
export function expectSeamShape(kind: SeamObjectKind, value: unknown): void {
  const problems = seamShapeProblems(kind, value)
  if (problems.length === 0) return
  const shown = JSON.stringify(value, null, 2)
  throw new Error(
    `Not a valid Seam ${kind}:\n${problems.join('\n')}\nobject: ${shown.length > 3000 ? `${shown.slice(0, 3000)}…` : shown}`,
  )
}

/** `expectSeamShape` for every element of a list. */
export function expectSeamShapes(kind: SeamObjectKind, values: readonly unknown[]): void {
  for (const value of values) expectSeamShape(kind, value)
}
