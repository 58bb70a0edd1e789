/** A lock as the search page shows it: among the locks found, and as the place of each code found. */
export interface SearchLock {
  deviceId: string
  name: string
  manufacturer: string
  modelName: string
  propertyName: string
  /** The property's IANA time zone, in which a code's window is shown. */
  timezone: string
  online: boolean
  accountConnected: boolean
}
