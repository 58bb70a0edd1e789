/** A lock's battery in bands, as the device object's `battery.status` says it on the API. */
export type BatteryStatus = 'critical' | 'low' | 'good' | 'full'

export const batteryStatus = (level: number): BatteryStatus =>
  level < 0.1 ? 'critical' : level < 0.25 ? 'low' : level < 0.6 ? 'good' : 'full'

/** Low enough that someone should replace the batteries. */
export const isLowBattery = (status: BatteryStatus): boolean => status === 'low' || status === 'critical'
