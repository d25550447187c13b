// Knowledge file: the cross-tab lock of browsers without Web Locks.
export { withLease } from '../lib/withLease.js'
