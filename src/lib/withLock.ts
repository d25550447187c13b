import { load } from '../lazy.js'
import type { Queue } from '../queue/createQueue.js'

/**
 * Runs `fn` only if no other tab of this origin is running it under the same name, and skips it
 * otherwise. Web Locks where the browser has them (they need a secure context); elsewhere a lease
 * record in the shared IndexedDB store (`withLease`, a knowledge file of its own: few browsers need it).
 * @param name lock name
 * @param queue the shared store that holds the fallback lease
 * @param wait with Web Locks, wait for the other tab instead of skipping
 * @param fn the exclusive work; it gets a `renew` function to call before each long step
 * @returns fn's result, or undefined when another tab holds the lock
 */
export const withLock = async <T>(name: string, queue: Queue, wait: boolean, fn: (renew: () => Promise<boolean>) => Promise<T>): Promise<T | undefined> => {
  // Without IndexedDB there is nothing shared to guard (and an opaque origin has no Web Locks).
  if (queue.memory) return fn(async () => true)
  const locks = navigator.locks
  if (locks) return locks.request(name, { ifAvailable: !wait }, (lock) => (lock ? fn(async () => true) : undefined))
  // Without the lease file, sending unguarded beats not sending (the collector drops what two tabs
  // both send, by id).
  const lease = await load('lease').catch(() => undefined)
  return lease ? lease.withLease(name, queue, fn) : fn(async () => true)
}
