// CPU time of processes and of the machine, read from Linux's /proc: how the collector bench tells which process is the
// bottleneck (the collector, the database, or the load generator itself).
import { readdirSync, readFileSync } from 'node:fs'

// USER_HZ, the unit of /proc/<pid>/stat times: 100 on every Linux architecture Node runs on.
const TICKS_PER_SECOND = 100

/** utime + stime of one process, in seconds, and its parent; null when it is gone. */
function stat(pid) {
  try {
    // The name (field 2) is in parentheses and may hold spaces: count fields after its end.
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ')
    return { ppid: Number(fields[1]), seconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND }
  } catch {
    return null
  }
}

/**
 * CPU seconds used so far by a process and all its children (a PostgreSQL server and its backends).
 * @param {number} root pid
 */
export function cpuSeconds(root) {
  const all = new Map()
  for (const name of readdirSync('/proc')) if (/^\d+$/.test(name)) all.set(Number(name), stat(name))
  let total = 0
  const visit = (pid) => {
    total += all.get(pid)?.seconds ?? 0
    for (const [child, s] of all) if (s?.ppid === pid) visit(child)
  }
  visit(root)
  return total
}

/** Seconds all cores spent idle and waiting for the disk so far, machine-wide (the `cpu` line of /proc/stat). */
export function idleSeconds() {
  const [, , , , idle, iowait] = readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).map(Number)
  return { idle: idle / TICKS_PER_SECOND, iowait: iowait / TICKS_PER_SECOND }
}
