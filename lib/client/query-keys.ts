/**
 * Every query key the dashboard uses, mirroring the API's paths, so a mutation can invalidate by prefix
 * (e.g. everything under ['access_codes']).
 */
export const queryKeys = {
  accessCodes: {
    all: ['access_codes'] as const,
    list: (deviceId: string) => ['access_codes', 'list', { device_id: deviceId }] as const,
    get: (accessCodeId: string) => ['access_codes', 'get', { access_code_id: accessCodeId }] as const,
  },
  devices: {
    all: ['devices'] as const,
    list: () => ['devices', 'list'] as const,
    get: (deviceId: string) => ['devices', 'get', { device_id: deviceId }] as const,
  },
  events: {
    list: (filter: { access_code_id?: string; device_id?: string }) => ['events', 'list', filter] as const,
  },
  actionAttempts: {
    get: (actionAttemptId: string) => ['action_attempts', 'get', { action_attempt_id: actionAttemptId }] as const,
  },
  apiKeys: {
    list: () => ['api_keys', 'list'] as const,
  },
} as const
