import { useSyncExternalStore } from 'react'

import { getSession, subscribeSession } from '../services/session'

/** Whether a member is signed in, kept current across screens. */
export function useSignedIn(): boolean {
  return useSyncExternalStore(subscribeSession, () => getSession() !== null, () => getSession() !== null)
}
