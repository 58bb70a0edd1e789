import 'server-only'
import type { LockIssue } from '@/lib/locks/lock-provider'
import type { CodeConstraint } from '@/lib/schemas/device'

/** The hub, bridge or gateway a lock reaches its maker's cloud through. */
export interface ConnectsThrough {
  kind: 'hub' | 'bridge' | 'gateway'
  name: string
}

/**
 * The brands sandbox locks stand in for, with the constraints their real counterparts have
 * (code lengths, keypad slots, PIN rules, native scheduling, offline codes, backup pools, latency).
 * Code lengths, PIN rules, who picks the PIN and how a lock connects follow the makers' and Seam's published
 * documentation; where a figure is not published (slots, latency, lead times of some brands), the profile says so.
 */
export interface SandboxLockProfile {
  provider: string
  deviceType: string
  manufacturer: string
  manufacturerDisplayName: string
  modelName: string
  supportedCodeLengths: number[]
  maxActiveCodes: number
  codeConstraints: CodeConstraint[]
  supportsNativeScheduling: boolean
  /** How far ahead of starts_at a natively scheduling lock takes a time-bound code. */
  nativeSchedulingLeadMs: number
  canProgramOnlineCodes: boolean
  canProgramOfflineCodes: boolean
  supportsBackupPool: boolean
  backupPoolSize: number
  /** Simulated round-trip to the lock for one keypad operation. */
  latencyMs: number
  /** The hub, bridge or gateway between the lock and the cloud; null when the lock connects by itself (Wi-Fi). */
  connectsThrough: ConnectsThrough | null
  /** The lock refuses a code whose name another of its keypad entries has, with this issue (Wyze). */
  duplicateNameRefusal?: LockIssue
  /** What the maker says about every offline code of the lock (igloohome: an algoPIN must be used within 24 h). */
  offlineCodeIssues?: readonly LockIssue[]
}

const HOUR = 3_600_000

/** Yale's Wi-Fi locks run on August's platform: the same code rules, scheduling, backup pool and cloud latency. */
const augustPlatform = {
  supportedCodeLengths: [4, 5, 6, 7, 8],
  maxActiveCodes: 250,
  codeConstraints: [],
  supportsNativeScheduling: true,
  nativeSchedulingLeadMs: 72 * HOUR,
  canProgramOnlineCodes: true,
  canProgramOfflineCodes: false,
  supportsBackupPool: true,
  backupPoolSize: 5,
  latencyMs: 1_500,
} satisfies Partial<SandboxLockProfile>

export const sandboxLockProfiles: readonly SandboxLockProfile[] = [
  {
    provider: 'august',
    deviceType: 'august_lock',
    manufacturer: 'august',
    manufacturerDisplayName: 'August',
    modelName: 'August Wi-Fi Smart Lock',
    ...augustPlatform,
    // The Wi-Fi Smart Lock has Wi-Fi built in (older August locks reach the cloud through the Connect Wi-Fi Bridge).
    connectsThrough: null,
  },
  {
    provider: 'schlage',
    deviceType: 'schlage_lock',
    manufacturer: 'schlage',
    manufacturerDisplayName: 'Schlage',
    modelName: 'Schlage Encode Plus',
    supportedCodeLengths: [4, 5, 6, 7, 8],
    maxActiveCodes: 100,
    codeConstraints: [{ constraint_type: 'name_length', max_length: 9 }],
    supportsNativeScheduling: true,
    nativeSchedulingLeadMs: 24 * HOUR,
    canProgramOnlineCodes: true,
    canProgramOfflineCodes: false,
    supportsBackupPool: true,
    backupPoolSize: 5,
    latencyMs: 2_000,
    connectsThrough: null,
  },
  {
    provider: 'smartthings',
    deviceType: 'smartthings_lock',
    manufacturer: 'samsung',
    manufacturerDisplayName: 'Samsung SmartThings',
    modelName: 'SmartThings Z-Wave Lock',
    supportedCodeLengths: [4, 5, 6, 7, 8],
    maxActiveCodes: 30,
    codeConstraints: [],
    supportsNativeScheduling: false,
    nativeSchedulingLeadMs: 0,
    canProgramOnlineCodes: true,
    canProgramOfflineCodes: false,
    supportsBackupPool: true,
    backupPoolSize: 3,
    latencyMs: 3_000,
    connectsThrough: { kind: 'hub', name: 'SmartThings Hub' },
  },
  {
    provider: 'igloohome',
    deviceType: 'igloohome_lock',
    manufacturer: 'igloohome',
    manufacturerDisplayName: 'igloohome',
    modelName: 'igloohome Smart Deadbolt 2S',
    supportedCodeLengths: [4, 5, 6, 7, 8, 9],
    maxActiveCodes: 100,
    codeConstraints: [],
    supportsNativeScheduling: true,
    nativeSchedulingLeadMs: 24 * HOUR,
    canProgramOnlineCodes: true,
    canProgramOfflineCodes: true,
    supportsBackupPool: false,
    backupPoolSize: 0,
    latencyMs: 2_500,
    // A Bluetooth lock: remote codes go through the igloohome Bridge; offline (algoPIN) codes need no connection.
    connectsThrough: { kind: 'bridge', name: 'igloohome Bridge' },
    offlineCodeIssues: [{ code: 'igloo_algopin_must_be_used_within_24_hours', kind: 'warning' }],
  },
  {
    provider: 'kwikset',
    deviceType: 'kwikset_lock',
    manufacturer: 'kwikset',
    manufacturerDisplayName: 'Kwikset',
    modelName: 'Kwikset Halo Touchscreen',
    supportedCodeLengths: [4, 5, 6, 7, 8],
    maxActiveCodes: 250,
    codeConstraints: [
      { constraint_type: 'no_ascending_or_descending_sequence' },
      { constraint_type: 'no_all_same_digits' },
      { constraint_type: 'name_length', max_length: 14 },
    ],
    supportsNativeScheduling: true,
    nativeSchedulingLeadMs: 24 * HOUR,
    canProgramOnlineCodes: true,
    canProgramOfflineCodes: false,
    supportsBackupPool: false,
    backupPoolSize: 0,
    latencyMs: 2_000,
    connectsThrough: null,
  },
  {
    provider: 'yale',
    deviceType: 'yale_lock',
    manufacturer: 'yale',
    manufacturerDisplayName: 'Yale',
    modelName: 'Yale Assure Lock 2',
    ...augustPlatform,
    // The Bluetooth Assure Lock 2 reaches August's cloud through the Yale Connect Wi-Fi Bridge.
    connectsThrough: { kind: 'bridge', name: 'Yale Connect Wi-Fi Bridge' },
  },
  {
    provider: 'ttlock',
    deviceType: 'ttlock_lock',
    manufacturer: 'ttlock',
    manufacturerDisplayName: 'TTLock',
    modelName: 'TTLock Keypad Deadbolt',
    supportedCodeLengths: [4, 5, 6, 7, 8, 9],
    maxActiveCodes: 150,
    codeConstraints: [{ constraint_type: 'no_all_same_digits' }],
    supportsNativeScheduling: true,
    nativeSchedulingLeadMs: 24 * HOUR,
    canProgramOnlineCodes: true,
    canProgramOfflineCodes: true,
    supportsBackupPool: false,
    backupPoolSize: 0,
    latencyMs: 2_000,
    connectsThrough: { kind: 'gateway', name: 'TTLock G2 Wi-Fi Gateway' },
  },
  {
    provider: 'lockly',
    deviceType: 'lockly_lock',
    manufacturer: 'lockly',
    manufacturerDisplayName: 'Lockly',
    modelName: 'Lockly Secure Pro',
    supportedCodeLengths: [6, 7, 8],
    maxActiveCodes: 64,
    codeConstraints: [
      { constraint_type: 'no_zeros' },
      { constraint_type: 'at_least_three_unique_digits' },
      { constraint_type: 'no_ascending_or_descending_sequence' },
    ],
    supportsNativeScheduling: false,
    nativeSchedulingLeadMs: 0,
    canProgramOnlineCodes: true,
    canProgramOfflineCodes: true,
    supportsBackupPool: false,
    backupPoolSize: 0,
    latencyMs: 2_500,
    connectsThrough: { kind: 'bridge', name: 'Lockly Wi-Fi Hub' },
  },
  {
    provider: 'nuki',
    deviceType: 'nuki_lock',
    manufacturer: 'nuki',
    manufacturerDisplayName: 'Nuki',
    modelName: 'Nuki Keypad 2.0',
    supportedCodeLengths: [6],
    maxActiveCodes: 200,
    codeConstraints: [
      { constraint_type: 'no_zeros' },
      { constraint_type: 'cannot_start_with_12' },
      { constraint_type: 'name_length', max_length: 20 },
    ],
    supportsNativeScheduling: true,
    nativeSchedulingLeadMs: 24 * HOUR,
    canProgramOnlineCodes: true,
    canProgramOfflineCodes: false,
    supportsBackupPool: false,
    backupPoolSize: 0,
    latencyMs: 1_500,
    // Nuki's Pro locks have Wi-Fi built in; others reach the cloud through the Nuki Bridge.
    connectsThrough: null,
  },
  {
    provider: 'wyze',
    deviceType: 'wyze_lock',
    manufacturer: 'wyze',
    manufacturerDisplayName: 'Wyze',
    modelName: 'Wyze Lock with Keypad',
    // Codes need the optional Wyze Lock Keypad; the lock reaches the cloud only through the Wyze Lock Gateway.
    supportedCodeLengths: [4, 5, 6, 7, 8],
    // Not published: a sandbox choice.
    maxActiveCodes: 50,
    codeConstraints: [],
    supportsNativeScheduling: false,
    nativeSchedulingLeadMs: 0,
    canProgramOnlineCodes: true,
    canProgramOfflineCodes: false,
    supportsBackupPool: false,
    backupPoolSize: 0,
    latencyMs: 2_500,
    connectsThrough: { kind: 'gateway', name: 'Wyze Lock Gateway' },
    duplicateNameRefusal: { code: 'wyze_duplicate_code_name', kind: 'error' },
  },
  {
    provider: 'hubitat',
    deviceType: 'hubitat_lock',
    manufacturer: 'hubitat',
    manufacturerDisplayName: 'Hubitat',
    modelName: 'Z-Wave Lock on Hubitat Elevation',
    // A Z-Wave lock the hub drives through its Maker API: the lock's own lengths and positions (a typical Z-Wave
    // deadbolt's), no scheduling of its own.
    supportedCodeLengths: [4, 5, 6, 7, 8],
    maxActiveCodes: 30,
    codeConstraints: [],
    supportsNativeScheduling: false,
    nativeSchedulingLeadMs: 0,
    canProgramOnlineCodes: true,
    canProgramOfflineCodes: false,
    supportsBackupPool: false,
    backupPoolSize: 0,
    latencyMs: 3_000,
    connectsThrough: { kind: 'hub', name: 'Hubitat Elevation hub' },
  },
  {
    provider: 'salto_ks',
    deviceType: 'salto_lock',
    manufacturer: 'salto',
    manufacturerDisplayName: 'Salto',
    modelName: 'Salto KS wall reader with PIN pad',
    // Salto KS generates every PIN itself (a custom PIN cannot be given); Seam reports 6-digit codes and 100 codes
    // for such a lock. Each code is a site user, active from its start (Latchkey switches it on, not the lock).
    supportedCodeLengths: [6],
    maxActiveCodes: 100,
    codeConstraints: [{ constraint_type: 'cannot_specify_pin_code' }],
    supportsNativeScheduling: false,
    nativeSchedulingLeadMs: 0,
    canProgramOnlineCodes: true,
    canProgramOfflineCodes: false,
    supportsBackupPool: false,
    backupPoolSize: 0,
    latencyMs: 2_000,
    connectsThrough: { kind: 'hub', name: 'Salto IQ' },
  },
  {
    provider: 'dormakaba_oracode',
    deviceType: 'dormakaba_oracode_door',
    manufacturer: 'dormakaba',
    manufacturerDisplayName: 'dormakaba',
    modelName: 'Oracode 660i',
    // Oracode Live picks every PIN: a user-level prefix and digits of its own (9 digits in dormakaba's example),
    // valid for the code's time slot. The code is registered with Oracode Live, which hands back the PIN; the lock
    // itself needs no connection. Slots and lead are sandbox choices.
    supportedCodeLengths: [9],
    maxActiveCodes: 100,
    codeConstraints: [{ constraint_type: 'cannot_specify_pin_code' }],
    supportsNativeScheduling: true,
    nativeSchedulingLeadMs: 24 * HOUR,
    canProgramOnlineCodes: true,
    canProgramOfflineCodes: false,
    supportsBackupPool: false,
    backupPoolSize: 0,
    latencyMs: 2_000,
    connectsThrough: null,
  },
  {
    provider: 'ultraloq',
    deviceType: 'ultraloq_lock',
    manufacturer: 'ultraloq',
    manufacturerDisplayName: 'Ultraloq',
    modelName: 'Ultraloq U-Bolt Pro WiFi',
    // 4–8 digit PINs, permanent or time-bound (scheduled on the lock in its local time); Wi-Fi built in. Slots are
    // a sandbox choice.
    supportedCodeLengths: [4, 5, 6, 7, 8],
    maxActiveCodes: 100,
    codeConstraints: [],
    supportsNativeScheduling: true,
    nativeSchedulingLeadMs: 24 * HOUR,
    canProgramOnlineCodes: true,
    canProgramOfflineCodes: false,
    supportsBackupPool: false,
    backupPoolSize: 0,
    latencyMs: 2_000,
    connectsThrough: null,
  },
  {
    provider: 'keynest',
    deviceType: 'keynest_key',
    manufacturer: 'keynest',
    manufacturerDisplayName: 'KeyNest',
    modelName: 'KeyNest key locker',
    // A key kept at a KeyNest point: KeyNest issues the collection code, valid for a pick-up time frame. Code
    // length, the number of codes per key and the lead are sandbox choices.
    supportedCodeLengths: [6],
    maxActiveCodes: 20,
    codeConstraints: [{ constraint_type: 'cannot_specify_pin_code' }],
    supportsNativeScheduling: true,
    nativeSchedulingLeadMs: 24 * HOUR,
    canProgramOnlineCodes: true,
    canProgramOfflineCodes: false,
    supportsBackupPool: false,
    backupPoolSize: 0,
    latencyMs: 2_000,
    connectsThrough: null,
  },
]

export function profileFor(provider: string): SandboxLockProfile | undefined {
  return sandboxLockProfiles.find((p) => p.provider === provider)
}
