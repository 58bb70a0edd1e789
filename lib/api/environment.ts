import 'server-only'
import type { ServiceContext } from '@/lib/context'

/** What the API wrapper runs with before it knows the caller: the process's store and clock. */
export type ApiEnvironment = Pick<ServiceContext, 'db' | 'clock'>
