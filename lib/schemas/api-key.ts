import { z } from 'zod'
import { timestamp, uuid } from '@/lib/schemas/common'

/** What may be shown about a key after its creation: never the key itself, which is stored only as a hash. */
export const apiKeySchema = z.object({
  api_key_id: uuid,
  workspace_id: uuid,
  name: z.string(),
  /** The key's first characters (`seam_` and a few more), to tell keys apart. */
  key_prefix: z.string(),
  created_at: timestamp,
  revoked_at: timestamp.nullable(),
})
export type ApiKey = z.infer<typeof apiKeySchema>

export const createApiKeyInput = z.strictObject({
  name: z.string().trim().min(1, 'Enter a name for the key.').max(100, 'Use 100 characters or fewer.'),
})
export type CreateApiKeyInput = z.infer<typeof createApiKeyInput>

export const revokeApiKeyInput = z.strictObject({ api_key_id: uuid })
export type RevokeApiKeyInput = z.infer<typeof revokeApiKeyInput>

/** `/api_keys/create` answers with the full key, in this response only. */
export const createApiKeyResponse = z.object({ api_key: apiKeySchema, token: z.string() })
export type CreateApiKeyResponse = z.infer<typeof createApiKeyResponse>

export const listApiKeysResponse = z.object({ api_keys: z.array(apiKeySchema) })
export type ListApiKeysResponse = z.infer<typeof listApiKeysResponse>

export const revokeApiKeyResponse = z.object({ api_key: apiKeySchema })
export type RevokeApiKeyResponse = z.infer<typeof revokeApiKeyResponse>
