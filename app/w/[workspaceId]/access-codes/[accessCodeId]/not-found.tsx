import { CodeNotFound } from '@/components/access-codes/code-not-found'

// A code that is gone (deleted and off its lock), or was never one of this workspace's.
export default function AccessCodeNotFound() {
  return <CodeNotFound />
}
