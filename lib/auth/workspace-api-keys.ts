import 'server-only'
import { DomainError } from '@/lib/errors/domain-error'
import { createApiKey } from '@/lib/auth/api-keys'
import { listApiKeys, revokeApiKey } from '@/lib/auth/manage-api-keys'
import type { ServiceContext } from '@/lib/context'
import type { ApiKey, CreateApiKeyResponse } from '@/lib/schemas/api-key'

export const listWorkspaceApiKeys = (ctx: ServiceContext): Promise<ApiKey[]> => listApiKeys(ctx.db, ctx.workspaceId)

/** A new key for the caller's workspace: the full key is in this answer and nowhere else, ever. */
export async function createWorkspaceApiKey(ctx: ServiceContext, name: string): Promise<CreateApiKeyResponse> {
  const created = await createApiKey(ctx.db, ctx.clock, ctx.workspaceId, name)
  const keys = await listApiKeys(ctx.db, ctx.workspaceId)
  const summary = keys.find((k) => k.api_key_id === created.api_key_id)
  if (summary === undefined) throw new Error('created key not found')
  return { api_key: summary, token: created.api_key }
}

export async function revokeWorkspaceApiKey(ctx: ServiceContext, apiKeyId: string): Promise<ApiKey> {
  const owned = (await listApiKeys(ctx.db, ctx.workspaceId)).some((k) => k.api_key_id === apiKeyId)
  if (!owned) throw new DomainError('api_key_not_found', `API key ${apiKeyId} was not found.`)
  const result = await revokeApiKey(ctx.db, ctx.clock, apiKeyId)
  if (result.outcome === 'not_found') throw new DomainError('api_key_not_found', `API key ${apiKeyId} was not found.`)
  return result.api_key
}
