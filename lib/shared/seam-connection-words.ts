// Pure words, no Node imports: the problems queue (server) and the Seam settings page (browser) share them.

export type SeamConnectionTrouble = 'unreachable' | 'rate_limited' | 'unauthorized'

/** A Seam connection's trouble as the problems queue and the settings page say it: what it means, and what to do. */
export interface SeamTroubleWords {
  title: string
  message: string
  remedy: string
}

const SETTINGS = 'Settings → Seam workspace'

export function seamTroubleWords(status: SeamConnectionTrouble): SeamTroubleWords {
  switch (status) {
    case 'unreachable':
      return {
        title: 'Seam cannot be reached',
        message:
          'Latchkey cannot reach the Seam workspace this lock belongs to (no answer, or Seam answered with a server ' +
          'error). Codes already on the lock keep working; new codes, changes and removals wait, and show a delay ' +
          'warning until Seam takes them. Nothing is lost: Latchkey sends them as soon as Seam answers.',
        remedy:
          `Check Seam’s status page and this server’s network access to the endpoint shown under ${SETTINGS}. ` +
          'Latchkey retries by itself, with gaps growing up to 15 minutes, and this clears once Seam answers. If a ' +
          'guest arrives soon, check the code in Seam’s console or arrange another way in.',
      }
    case 'rate_limited':
      return {
        title: 'Seam is rate limiting Latchkey',
        message:
          'Seam answered 429 (too many requests) for this workspace’s API key, so Latchkey sends nothing until the ' +
          'time Seam gave. Codes already on the lock keep working; waiting work shows a delay warning meanwhile.',
        remedy:
          'Nothing to do in most cases: Latchkey waits as Seam asks and carries on by itself. If it keeps happening, ' +
          'check whether another program uses the same Seam API key, and give Latchkey a key of its own.',
      }
    case 'unauthorized':
      return {
        title: 'Seam refused the API key',
        message:
          'Seam refuses the API key this workspace was connected with (401): it was revoked, rotated or deleted. ' +
          'No code on this workspace’s Seam locks can be added, changed or removed until a working key is connected; ' +
          'codes already on the locks stay as they are.',
        remedy:
          `Create a new API key in the Seam console (for the same Seam workspace) and connect it under ${SETTINGS} ` +
          '(or `npm run cli -- seam connect --workspace ID --api-key-stdin`). Waiting codes are sent as soon as it is ' +
          'connected.',
      }
  }
}
