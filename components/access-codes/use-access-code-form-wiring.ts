'use client'

import { useRouter } from 'next/navigation'
import type { AccessCodeFormProps } from '@/components/access-codes/access-code-form'
import { useGenerateCode } from '@/lib/client/use-generate-code'
import type { AccessCodeFormValues } from '@/lib/schemas/access-code-form'

/**
 * What the create and edit forms both wire into AccessCodeForm: PINs generated for the lock, a submit that saves
 * (`save` answers the page to go to next) and then goes there, and the form kept busy until the page has moved on.
 */
export function useAccessCodeFormWiring(
  deviceId: string,
  mutation: { isPending: boolean; isSuccess: boolean },
  save: (values: AccessCodeFormValues) => Promise<string>,
): Pick<AccessCodeFormProps, 'isSubmitting' | 'onGenerate' | 'onSubmit'> {
  const router = useRouter()
  const generate = useGenerateCode(deviceId)
  return {
    isSubmitting: mutation.isPending || mutation.isSuccess,
    onGenerate: () => generate.mutateAsync(),
    onSubmit: async (values) => router.push(await save(values)),
  }
}
