import 'server-only'
import type { DeviceRecord } from '@/lib/db/device-record'
import { accessCodeFormRulesOf, type AccessCodeFormRules } from '@/lib/schemas/access-code-form'
import { zoneLabel } from '@/lib/time/zoned'

/** A step of the breadcrumb trail; the page itself has no link. */
export interface Crumb {
  label: string
  href?: string
}

/** The lock a page is about, as its heading, breadcrumb and times show it. */
export interface PageLock {
  deviceId: string
  /** The lock page. */
  href: string
  /** Locks / property: the trail up to the lock. */
  trail: Crumb[]
  displayName: string
  propertyName: string
  timezone: string
  /** "America/Denver (MST)", at the time of the request. */
  timezoneLabel: string
  /** A sandbox lock; otherwise a lock of the workspace's Seam workspace (issue 14). */
  isSandbox: boolean
}

export const pageLockOf = (device: DeviceRecord, now: Date): PageLock => ({
  deviceId: device.deviceId,
  href: `/w/${device.workspaceId}/devices/${device.deviceId}`,
  trail: [{ label: 'Locks', href: `/w/${device.workspaceId}` }, { label: device.propertyName }],
  displayName: device.displayName,
  propertyName: device.propertyName,
  timezone: device.timezone,
  timezoneLabel: zoneLabel(device.timezone, now),
  isSandbox: device.isSandbox,
})

/** What the create and edit forms need of the lock: its PIN rules, its time zone and that zone's label. */
export type CodeFormLock = AccessCodeFormRules & { timezoneLabel: string }

export const codeFormLockOf = (device: DeviceRecord, now: Date): CodeFormLock => ({
  ...accessCodeFormRulesOf(device),
  timezoneLabel: zoneLabel(device.timezone, now),
})
