import 'server-only'
import type { CodeConstraint } from '@/lib/schemas/device'

/**
 * The brands sandbox locks stand in for, with the constraints their real counterparts have
 * (code lengths, keypad slots, PIN rules, native scheduling, offline codes, backup pools, latency).
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
  },
  {
    provider: 'yale',
    deviceType: 'yale_lock',
    manufacturer: 'yale',
    manufacturerDisplayName: 'Yale',
    modelName: 'Yale Assure Lock 2',
    ...augustPlatform,
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
  },
]

export function profileFor(provider: string): SandboxLockProfile | undefined {
  return sandboxLockProfiles.find((p) => p.provider === provider)
}
