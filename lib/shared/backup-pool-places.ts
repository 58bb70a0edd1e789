/** What holds a place in a lock's backup pool, for the services that lend backups and the reconciler alike. */
export interface PoolMember {
  pulled_for_access_code_id: string | null
  ends_at: string | null
}

/**
 * Whether a live (not deleted) backup holds a place in its lock's pool at `now`: free, or lent for a stay that has
 * not ended. The place of a lent backup whose stay has ended is refilled on the next pull.
 */
export const holdsPoolPlace = (backup: PoolMember, now: Date): boolean =>
  backup.pulled_for_access_code_id === null || backup.ends_at === null || new Date(backup.ends_at) > now
