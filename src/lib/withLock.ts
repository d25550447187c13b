import type { Queue } from '../queue/createQueue.js'
import { uid } from './uid.js'

/** A lease outlives a stuck tab by at most this long; renewed before every batch. */
const LEASE_MS = 15000
const me = uid()

interface Lease {
  owner: string
  until: number
}

/**
 * Runs `fn` only if no other tab of this origin is running it under the same name, and skips it
 * otherwise. Web Locks where the browser has them (they need a secure context); elsewhere a lease
 * record in the shared IndexedDB store, claimed in one read-write transaction.
 * @param name lock name
 * @param queue the shared store that holds the fallback lease
 * @param wait with Web Locks, wait for the other tab instead of skipping
 * @param fn the exclusive work; it gets a `renew` function to call before each long step
 * @returns fn's result, or undefined when another tab holds the lock
 */
export const withLock = async <T>(name: string, queue: Queue, wait: boolean, fn: (renew: () => Promise<boolean>) => Promise<T>): Promise<T | undefined> => {
  const locks = navigator.locks
  if (locks) return locks.request(name, { ifAvailable: !wait }, (lock) => (lock ? fn(async () => true) : undefined))
  // Without IndexedDB there is nothing shared to guard.
  if (queue.memory) return fn(async () => true)
  const key = 'lease:' + name
  const claim = async () => {
    const now = Date.now()
    const lease = await queue.update<Lease>(key, (l) => (!l || l.until < now || l.owner == me ? { owner: me, until: now + LEASE_MS } : l))
    return lease?.owner == me
  }
  if (!(await claim())) return
  try {
    return await fn(claim)
  } finally {
    await queue.update<Lease | undefined>(key, (l) => (l?.owner == me ? { owner: me, until: 0 } : l))
  }
}
