import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query'
import { apiRequest } from '@/lib/client/api-client'
import { queryKeys, type ProblemsQuery } from '@/lib/client/query-keys'
import type {
  AccessCodeResponse,
  AccessCodesResponse,
  ListAccessCodesResponse,
  ListUnmanagedAccessCodesResponse,
} from '@/lib/schemas/access-code'
import type { ListApiKeysResponse } from '@/lib/schemas/api-key'
import type { GetDeviceResponse } from '@/lib/schemas/device'
import type { ExplainAccessCodeResponse } from '@/lib/schemas/explanation'
import type { ListEventsResponse } from '@/lib/schemas/event'
import type { ListProblemsResponse } from '@/lib/schemas/problem'
import { listStaysBody, type StaysFilter } from '@/lib/client/stays-model'
import { DEFAULT_STAYS_LIMIT, type ListStaysResponse, type Stay } from '@/lib/schemas/stay'

/*
 * One queryOptions per read operation the dashboard makes: its key, and how the browser fetches it. The data is the
 * operation's response body, so a page that seeds the cache on the server does it under the same key with the
 * operation's own output (the key carries the data's type, so `setQueryData` checks it), and the first paint and
 * the browser's refetches cannot drift.
 */

const read =
  <T>(path: string, workspaceId: string, body: Record<string, unknown> = {}) =>
  ({ signal }: { signal: AbortSignal }): Promise<T> =>
    apiRequest<T>(path, { method: 'GET', workspaceId, body, signal })

/** /access_codes/get */
export const accessCodeQueryOptions = (workspaceId: string, accessCodeId: string) =>
  queryOptions({
    queryKey: queryKeys.accessCodes.get(accessCodeId),
    queryFn: read<AccessCodeResponse>('/access_codes/get', workspaceId, { access_code_id: accessCodeId }),
  })

/** /access_codes/list for one lock, every code (the API's default limit). */
export const accessCodesQueryOptions = (workspaceId: string, deviceId: string) =>
  queryOptions({
    queryKey: queryKeys.accessCodes.list(deviceId),
    queryFn: read<ListAccessCodesResponse>('/access_codes/list', workspaceId, { device_id: deviceId }),
  })

/** How many codes a page of search results holds. */
export const SEARCH_PAGE_SIZE = 50

/**
 * /access_codes/list with `search`, across the workspace, SEARCH_PAGE_SIZE codes a page: each next page starts at
 * the cursor of the one before. The search page seeds the first page on the server.
 */
export const searchAccessCodesQueryOptions = (workspaceId: string, search: string) =>
  infiniteQueryOptions({
    queryKey: queryKeys.accessCodes.search(search),
    queryFn: ({ pageParam, signal }) =>
      apiRequest<ListAccessCodesResponse>('/access_codes/list', {
        // POST: a search may be a PIN, which must not travel in an address (logs, history).
        method: 'POST',
        workspaceId,
        body: { search, limit: SEARCH_PAGE_SIZE, page_cursor: pageParam ?? undefined },
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last: ListAccessCodesResponse) => last.pagination.next_page_cursor,
  })

/** /access_codes/unmanaged/list with `search`, across the workspace, SEARCH_PAGE_SIZE codes a page, like the above. */
export const searchUnmanagedAccessCodesQueryOptions = (workspaceId: string, search: string) =>
  infiniteQueryOptions({
    queryKey: queryKeys.accessCodes.searchUnmanaged(search),
    queryFn: ({ pageParam, signal }) =>
      apiRequest<ListUnmanagedAccessCodesResponse>('/access_codes/unmanaged/list', {
        method: 'POST',
        workspaceId,
        body: { search, limit: SEARCH_PAGE_SIZE, page_cursor: pageParam ?? undefined },
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last: ListUnmanagedAccessCodesResponse) => last.pagination.next_page_cursor,
  })

/** /access_codes/unmanaged/list for one lock: codes found on its keypad that Latchkey does not manage, every one. */
export const unmanagedAccessCodesQueryOptions = (workspaceId: string, deviceId: string) =>
  queryOptions({
    queryKey: queryKeys.accessCodes.unmanaged(deviceId),
    queryFn: read<ListUnmanagedAccessCodesResponse>('/access_codes/unmanaged/list', workspaceId, {
      device_id: deviceId,
    }),
  })

/** /access_codes/explain: why the code does or does not open the door, with what the lock holds. */
export const accessCodeExplanationQueryOptions = (workspaceId: string, accessCodeId: string) =>
  queryOptions({
    queryKey: queryKeys.accessCodes.explain(accessCodeId),
    queryFn: read<ExplainAccessCodeResponse>('/access_codes/explain', workspaceId, { access_code_id: accessCodeId }),
  })

/** /access_codes/pending_removals/list: deleted codes the lock is still taking off its keypad. */
export const pendingRemovalsQueryOptions = (workspaceId: string, deviceId: string) =>
  queryOptions({
    queryKey: queryKeys.accessCodes.pendingRemovals(deviceId),
    queryFn: read<AccessCodesResponse>('/access_codes/pending_removals/list', workspaceId, { device_id: deviceId }),
  })

/** /devices/get: the lock, with its sandbox faults when it is a sandbox lock. */
export const deviceQueryOptions = (workspaceId: string, deviceId: string) =>
  queryOptions({
    queryKey: queryKeys.devices.get(deviceId),
    queryFn: read<GetDeviceResponse>('/devices/get', workspaceId, { device_id: deviceId }),
  })

/** /events/list for one code, newest first, since `since` (its creation). */
export const accessCodeEventsQueryOptions = (workspaceId: string, accessCodeId: string, since: string) =>
  queryOptions({
    queryKey: queryKeys.events.list({ access_code_id: accessCodeId }),
    queryFn: read<ListEventsResponse>('/events/list', workspaceId, { access_code_id: accessCodeId, since, limit: 200 }),
  })

/**
 * /problems/list: the queue's first page for these filters. Only the filters given are in the key, so the page that
 * seeds it and the browser that polls it name the same query.
 */
export const problemsQueryOptions = (workspaceId: string, query: ProblemsQuery) =>
  queryOptions({
    queryKey: queryKeys.problems.list(query),
    queryFn: read<ListProblemsResponse>('/problems/list', workspaceId, { ...query }),
  })

/** /api_keys/list: admins only (anyone else gets a 403 `forbidden`). */
export const apiKeysQueryOptions = (workspaceId: string) =>
  queryOptions({
    queryKey: queryKeys.apiKeys.list(),
    queryFn: read<ListApiKeysResponse>('/api_keys/list', workspaceId),
  })

/**
 * /stays/list for the list's filters, DEFAULT_STAYS_LIMIT stays a page, each next page from the cursor of the one
 * before. "In progress and upcoming" (no `when`) is read as of each fetch, so the key names the filters, not an instant.
 */
export const staysQueryOptions = (workspaceId: string, filter: StaysFilter) =>
  infiniteQueryOptions({
    queryKey: queryKeys.stays.list(filter),
    queryFn: ({ pageParam, signal }) =>
      apiRequest<ListStaysResponse>('/stays/list', {
        method: 'GET',
        workspaceId,
        body: { ...listStaysBody(filter, new Date()), limit: DEFAULT_STAYS_LIMIT, page_cursor: pageParam ?? undefined },
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last: ListStaysResponse) => last.pagination.next_page_cursor,
  })

/** /stays/get: one stay with its doors' codes. */
export const stayQueryOptions = (workspaceId: string, stayId: string) =>
  queryOptions({
    queryKey: queryKeys.stays.get(stayId),
    queryFn: read<{ stay: Stay }>('/stays/get', workspaceId, { stay_id: stayId }),
  })
