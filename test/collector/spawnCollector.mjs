// A collector in a process of its own, as `node cli.mjs` runs it: for the tests that kill one or run
// two, and for the bench, which loads it from another process.
import { spawn } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../examples/collector/cli.mjs')

/**
 * @typedef {object} CollectorProcess
 * @property {string} url where it listens
 * @property {import('node:child_process').ChildProcess} child
 * @property {() => string} output everything it printed so far
 * @property {() => Promise<void>} kill SIGKILL, and wait until it is gone
 */

/**
 * Starts `cli.mjs` with `args` (on a free port) and waits, bounded, until it says where it listens.
 * @param {string[]} args
 * @param {number} [timeoutMs]
 * @returns {Promise<CollectorProcess>}
 * @throws with what it printed when it exits or stays silent instead
 */
export function spawnCollector(args, timeoutMs = 60000) {
  const child = spawn(process.execPath, [CLI, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  const gone = new Promise((resolve) => child.once('exit', () => resolve()))
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    await gone
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      kill()
      reject(new Error(`collector did not start within ${timeoutMs} ms: ${out}`))
    }, timeoutMs)
    child.stdout.on('data', (chunk) => {
      out += chunk
      const url = /collector on (http:\/\/[^/\s]+)\//.exec(out)?.[1]
      if (url) {
        clearTimeout(timer)
        resolve({ url, child, output: () => out, kill })
      }
    })
    child.stderr.on('data', (chunk) => (out += chunk))
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      reject(new Error(`collector exited (${code ?? signal}) before it listened: ${out}`))
    })
  })
}
