// PGlite does not stop a second process from opening its data directory (it writes postmaster.pid
// but never reads it), and two processes writing one directory lose each other's rows. This lock
// file is what stops the second one.
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

/** The lock's name inside the data directory; PostgreSQL ignores files it does not know there. */
export const LOCK_FILE = 'waymark-collector.lock'

const read = (file) => {
  try {
    return readFileSync(file, 'utf8')
  } catch (e) {
    if (e.code === 'ENOENT') return null
    throw e
  }
}

const parse = (text) => {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

/** Whether the process that wrote the lock may still be running; one on another host may be. */
const mayBeRunning = (owner) => {
  if (owner.host !== os.hostname()) return true
  try {
    process.kill(owner.pid, 0)
    return true
  } catch (e) {
    // EPERM: it runs, as another user.
    return e.code !== 'ESRCH'
  }
}

/**
 * Takes the data directory for this process, or throws naming the process that has it. A lock left
 * by a process that is gone (killed, crashed) is taken over.
 * @param {string} dir the data directory (created when missing)
 * @returns {() => void} releases the lock
 */
export function lockDataDir(dir) {
  mkdirSync(dir, { recursive: true })
  const file = path.join(dir, LOCK_FILE)
  const mine = JSON.stringify({ pid: process.pid, host: os.hostname(), since: new Date().toISOString() })
  // Written whole under another name, then linked into place: link fails when the lock exists, so
  // nobody ever reads a lock that is half written.
  const draft = `${file}.${process.pid}`
  writeFileSync(draft, mine)
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(draft, file)
        return () => {
          if (read(file) === mine) unlinkSync(file)
        }
      } catch (e) {
        if (e.code !== 'EEXIST') throw e
      }
      const text = read(file)
      const owner = text && parse(text)
      if (owner && mayBeRunning(owner)) {
        const where = owner.host === os.hostname() ? `process ${owner.pid}` : `process ${owner.pid} on ${owner.host}`
        throw new Error(
          `${dir} is in use by another collector: ${where}, since ${owner.since}. Two processes must not open one PGlite directory; ` +
            `stop that one, use another data directory, or share a PostgreSQL server (--database, DATABASE_URL). ` +
            `If that process is gone, delete ${file}.`,
        )
      }
      if (attempt >= 3) throw new Error(`could not take ${file}: it keeps changing`)
      // A lock whose process is gone (or an unreadable one). Removed only if it is still the one just
      // judged, so that of two processes taking it over at once, the second finds the first alive.
      if (text !== null && read(file) === text) unlinkSync(file)
    }
  } finally {
    unlinkSync(draft)
  }
}
