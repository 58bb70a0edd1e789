'use client'

import { createContext, useContext, type ReactNode } from 'react'

const WorkspaceContext = createContext<string | undefined>(undefined)

/** The workspace the page belongs to (from its URL); API calls are made in it. */
export function WorkspaceProvider({ workspaceId, children }: { workspaceId: string; children: ReactNode }) {
  return <WorkspaceContext.Provider value={workspaceId}>{children}</WorkspaceContext.Provider>
}

export function useWorkspaceId(): string {
  const workspaceId = useContext(WorkspaceContext)
  if (workspaceId === undefined) throw new Error('useWorkspaceId must be used inside a WorkspaceProvider')
  return workspaceId
}
