import 'server-only'
import { v7 as uuidv7, validate } from 'uuid'

/** Time-ordered UUIDs: rows written later sort later, which pagination and timelines rely on. */
export const newId = (): string => uuidv7()

export const isUuid = (value: string): boolean => validate(value)
