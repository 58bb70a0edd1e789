/** An ISO instant `days` from the real clock's now. */
export const inDays = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString()
