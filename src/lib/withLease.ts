import { promisifyRequest } from 'idb-keyval'
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
 * Reads and rewrites the lease record in one read-write transaction, atomic across tabs. Where
 * IndexedDB cannot be used, the tab keeps to memory and there is nothing shared to guard: the lease
 * is its own.
 */
const update = async (queue: Queue, key: string, fn: (old: Lease | undefined) => Lease) => {
  try {
    const v = await queue.store(
      'readwrite',
      (s) =>
        new Promise<Lease>((resolve, reject) => {
          // Stay inside the request's success event: the transaction is still active there.
          s.get(key).onsuccess = function () {
            try {
              const lease = fn(this.result)
              s.put(lease, key)
              resolve(promisifyRequest(s.transaction).then(() => lease))
            } catch (e) {
              reject(e)
            }
          }
        }),
    )
    return v || fn(undefined)
  } catch {
    return fn(undefined)
  }
}

/**
 * The lock of browsers without Web Locks: a lease record in the shared IndexedDB store. Runs `fn`
 * only if no other tab of this origin holds the lease under the same name, and skips it otherwise.
 * @param name lock name
 * @param queue the shared store that holds the lease
 * @param fn the exclusive work; it gets a `renew` function to call before each long step
 * @returns fn's result, or undefined when another tab holds the lease
 */
export const withLease = async <T>(name: string, queue: Queue, fn: (renew: () => Promise<boolean>) => Promise<T>): Promise<T | undefined> => {
  const key = 'lease:' + name
  const claim = async () => {
    const now = Date.now()
    return (await update(queue, key, (l) => (!l || l.until < now || l.owner == me ? { owner: me, until: now + LEASE_MS } : l))).owner == me
  }
  if (!(await claim())) return
  try {
    return await fn(claim)
  } finally {
    await update(queue, key, (l) => (l?.owner == me ? { owner: me, until: 0 } : (l as Lease)))
  }
}
