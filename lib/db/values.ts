import 'server-only'
import type { Bool } from '@/lib/db/schema'

export const toBool = (value: boolean): Bool => (value ? 1 : 0)
export const fromBool = (value: number | boolean): boolean => value === 1 || value === true

export function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null || text === '') return fallback
  return JSON.parse(text) as T
}
