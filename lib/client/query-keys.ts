/**
 * Every query key the dashboard uses, mirroring the API's paths, so a mutation can invalidate by prefix
 * (e.g. everything under ['access_codes']).
 */
export const queryKeys = {
  accessCodes: {
    list: (deviceId: string) => ['access_codes', 'list', { device_id: deviceId }] as const,
    get: (accessCodeId: string) => ['access_codes', 'get', { access_code_id: accessCodeId }] as const,
    pendingRemovals: (deviceId: string) =>
      ['access_codes', 'pending_removals', 'list', { device_id: deviceId }] as const,
  },
  events: {
    list: (filter: { access_code_id: string }) => ['events', 'list', filter] as const,
  },
  apiKeys: {
    list: () => ['api_keys', 'list'] as const,
  },
} as const
