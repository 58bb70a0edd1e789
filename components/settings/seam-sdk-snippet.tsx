import { Card, CardBody, CardHeader } from '@/components/ui/card'
import { CopyButton } from '@/components/ui/copy-button'

const sdkExample = (endpoint: string): string =>
  [
    `import { Seam } from 'seam'`,
    ``,
    `const seam = new Seam({`,
    `  endpoint: '${endpoint}',`,
    `  apiKey: process.env.LATCHKEY_API_KEY,`,
    `})`,
    ``,
    `const devices = await seam.devices.list()`,
    `await seam.accessCodes.create({`,
    `  device_id: devices[0].device_id,`,
    `  name: 'Cleaner',`,
    `  code: '4821',`,
    `})`,
  ].join('\n')

/** How to point Seam's SDK (or any client) at this server's API, `endpoint`. */
export function SeamSdkSnippet({ endpoint }: { endpoint: string }) {
  const example = sdkExample(endpoint)
  return (
    <Card>
      <CardHeader
        title="Use a key with the Seam SDK"
        description={
          <>
            Install Seam’s official JavaScript SDK (<code className="font-mono text-xs">npm install seam</code>) and
            point it at Latchkey instead of Seam.
          </>
        }
      />
      <CardBody className="space-y-3">
        <div className="relative">
          <pre className="overflow-x-auto rounded-md bg-slate-900 p-4 pr-4 text-[13px] leading-relaxed text-slate-100 sm:pr-28">
            <code>{example}</code>
          </pre>
          <div className="mt-2 flex flex-wrap items-center gap-2 sm:absolute sm:top-2 sm:right-2 sm:mt-0">
            <CopyButton text={example} label="Copy" variant="secondary" />
          </div>
        </div>
        <p className="text-sm text-slate-600">
          Other clients work the same way: send the key as{' '}
          <code className="font-mono text-xs">Authorization: Bearer seam_…</code> to{' '}
          <code className="font-mono text-xs break-all">{endpoint}</code>.
        </p>
      </CardBody>
    </Card>
  )
}
