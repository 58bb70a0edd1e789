'use client'

import { useMutation, useQueryClient } from '@tanstack/react-query'
import { apiRequest } from '@/lib/client/api-client'
import { useWorkspaceId } from '@/lib/client/workspace-context'
import type { UpdateDeviceBody } from '@/lib/schemas/device-update'

/**
 * /devices/update: a lock's name and property. Every read of locks and codes is invalidated (names and zones show in
 * lists, stays and problems too); the server-rendered page is refreshed by the caller.
 */
export function useUpdateDevice(deviceId: string) {
  const workspaceId = useWorkspaceId()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: Omit<UpdateDeviceBody, 'device_id'>) =>
      apiRequest<{ ok: true }>('/devices/update', { workspaceId, body: { ...body, device_id: deviceId } }),
    onSuccess: () => queryClient.invalidateQueries(),
  })
}
