/**
 * What a dashboard member sees instead of a PIN (admins and API keys see the PIN itself). A string, so every object
 * still matches Seam's schemas (`code: string | null`), and never a PIN: PINs are digits only.
 */
export const MASKED_PIN = '••••'

export const isMaskedPin = (pin: string | null | undefined): boolean => pin === MASKED_PIN
