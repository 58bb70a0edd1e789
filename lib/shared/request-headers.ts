/** The browser sends the workspace it is looking at in this header; API keys carry their own workspace. */
export const WORKSPACE_HEADER = 'latchkey-workspace-id'
/** Cookie-authenticated writes must carry this header: a cross-site form or image cannot set it. */
export const CLIENT_HEADER = 'latchkey-client'
