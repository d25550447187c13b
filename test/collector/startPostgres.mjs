// A throwaway PostgreSQL server for the collector's tests and bench: Debian's binaries, a cluster in
// a temporary directory, listening on 127.0.0.1 at a free port, deleted when stopped.
import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

/** Where Debian's postgresql-NN packages put the server binaries. */
const DEBIAN_BIN = '/usr/lib/postgresql'
/** Bound of each step (initdb, start, stop): a step over it fails rather than hangs. */
const STEP_TIMEOUT_MS = 60000

/** The newest server's bin directory, or null: `$PG_BIN`, else Debian's layout. */
function findBin() {
  if (process.env.PG_BIN) return process.env.PG_BIN
  if (!existsSync(DEBIAN_BIN)) return null
  const versions = readdirSync(DEBIAN_BIN)
    .filter((v) => existsSync(path.join(DEBIAN_BIN, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a))
  return versions.length ? path.join(DEBIAN_BIN, versions[0], 'bin') : null
}

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = net.createServer().once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
  })

/**
 * Starts a PostgreSQL server of its own in a temporary directory.
 * @param {{ settings?: Record<string, string> }} [options] server settings (`-c name=value`)
 * @returns {Promise<{ url: string, bin: string, pid: () => number, stop: () => void }>} `url` reaches the
 *   `postgres` database as superuser; `pid` is the server's main process
 */
export async function startPostgres({ settings = {} } = {}) {
  const bin = findBin()
  if (!bin) {
    throw new Error(
      `No PostgreSQL server binaries in ${DEBIAN_BIN}/*/bin (or $PG_BIN). Install Debian's postgresql package ` +
        `(apt-get install postgresql), or set WAYMARK_TEST_DATABASE_URL to a server where the tests may create databases.`,
    )
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'waymark-pg-'))
  const data = path.join(dir, 'data')
  const log = path.join(dir, 'server.log')
  // initdb refuses to run as root; then the cluster belongs to the postgres user Debian creates.
  let as = {}
  if (process.getuid?.() === 0) {
    const id = (flag) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim())
    as = { uid: id('-u'), gid: id('-g') }
    chownSync(dir, as.uid, as.gid)
    chmodSync(dir, 0o700)
  }
  const run = (cmd, args) => {
    const r = spawnSync(path.join(bin, cmd), args, { ...as, encoding: 'utf8', timeout: STEP_TIMEOUT_MS, env: { ...process.env, LC_ALL: 'C' } })
    if (r.status !== 0) {
      const serverLog = existsSync(log) ? readFileSync(log, 'utf8').slice(-2000) : ''
      throw new Error(`${cmd} failed (${r.error?.message ?? `exit ${r.status}`}): ${r.stderr}${r.stdout}${serverLog}`)
    }
  }
  try {
    run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions'])
    const port = await freePort()
    const options = { listen_addresses: '127.0.0.1', port: String(port), unix_socket_directories: dir, max_connections: '200', ...settings }
    const o = Object.entries(options).map(([k, v]) => `-c ${k}=${v}`).join(' ')
    run('pg_ctl', ['-D', data, '-l', log, '-o', o, '-w', '-t', String(STEP_TIMEOUT_MS / 1000), 'start'])
    let stopped = false
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      bin,
      pid: () => Number(readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]),
      stop() {
        if (stopped) return
        stopped = true
        try {
          // immediate: the cluster is thrown away, so there is nothing to write back first.
          run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', '-t', '20', 'stop'])
        } finally {
          rmSync(dir, { recursive: true, force: true })
        }
      },
    }
  } catch (e) {
    rmSync(dir, { recursive: true, force: true })
    throw e
  }
}
