'use client'

import { useRouter } from 'next/navigation'
import { useId, useState } from 'react'
import { LockSettingsForm } from '@/components/devices/lock-settings-form'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Card } from '@/components/ui/card'
import { useUpdateDevice } from '@/lib/client/use-update-device'
import type { LockSettings as Settings, LockSettingsFormInput } from '@/lib/schemas/device-update'

/**
 * For admins: rename the lock and place it in another property (its codes' times then show in that property's zone).
 * Folded away until asked for; the page (header, zone, codes) is rendered again after a save.
 */
export function LockSettings({ deviceId, settings }: { deviceId: string; settings: Settings }) {
  const router = useRouter()
  const bodyId = useId()
  const update = useUpdateDevice(deviceId)
  const [open, setOpen] = useState(false)
  const [notice, setNotice] = useState<string | undefined>()

  const save = async (values: LockSettingsFormInput) => {
    setNotice(undefined)
    const moving = values.property_id !== settings.property_id
    await update.mutateAsync({
      ...(values.name !== settings.name ? { name: values.name } : {}),
      ...(moving ? { property_id: values.property_id } : {}),
    })
    const property = settings.properties.find((p) => p.property_id === values.property_id)
    setNotice(
      moving && property !== undefined
        ? `Saved. The lock is now in ${property.name}; its codes show in ${property.timezone} time.`
        : 'Saved.',
    )
    router.refresh()
  }

  return (
    <Card>
      <div className="flex flex-wrap items-center justify-between gap-3 px-4 py-3 sm:px-5">
        <div className="min-w-0 flex-1 basis-60">
          <h2 className="text-base font-semibold text-slate-900">Lock settings</h2>
          <p className="mt-0.5 text-sm text-slate-600">The lock’s name, and the property it belongs to.</p>
        </div>
        <Button
          variant="secondary"
          size="sm"
          aria-expanded={open}
          aria-controls={bodyId}
          onClick={() => setOpen(!open)}
        >
          {open ? 'Hide' : 'Edit'}
          <span className="sr-only"> lock settings</span>
        </Button>
      </div>
      <div id={bodyId} hidden={!open} className="space-y-4 border-t border-slate-200 px-4 py-4 sm:px-5">
        {notice !== undefined && <Alert tone="success">{notice}</Alert>}
        <LockSettingsForm key={`${settings.name}|${settings.property_id}`} settings={settings} onSubmit={save} />
      </div>
    </Card>
  )
}
