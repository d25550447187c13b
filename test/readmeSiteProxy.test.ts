// @vitest-environment node
// The README's reverse-proxy snippets (nginx, a Next.js rewrite) say what the browser tests' proxy
// does: the same path to the collector, the request's path unchanged, the same forwarded header,
// and a body limit that is the collector's own.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { expect, test } from 'vitest'
import { MAX_BODY_BYTES } from '../examples/collector/server.mjs'
import { COLLECT_PATH, FORWARDED } from './browser/siteProxy.js'
import { readmeSnippets } from './readmeSnippets.js'

const snippets = readmeSnippets()
/** The port the collector's CLI listens on unless told otherwise. */
const CLI_PORT = '8787'

test("the nginx block hands the collecting path to the collector as the tests' proxy does", () => {
  const blocks = snippets.filter((s) => s.lang == 'nginx')
  expect(blocks).toHaveLength(1)
  const conf = blocks[0].body
  const [, location, body] = /^location (\S+) \{\n([^]*)\n\}$/.exec(conf.trim())!
  expect(location).toBe(COLLECT_PATH)
  const directives = body.split('\n').map((l) => l.trim().replace(/;$/, '').split(/\s+/))
  expect(directives.every((d) => ['proxy_pass', 'proxy_set_header', 'client_max_body_size'].includes(d[0])), 'nginx directives').toBe(true)
  // A proxy_pass without a path after the host passes the request's path on as it came; with one,
  // even a lone slash, nginx would put it in place of the location's prefix.
  const pass = directives.find((d) => d[0] == 'proxy_pass')![1]
  expect(pass).toBe(`http://127.0.0.1:${CLI_PORT}`)
  const headers = Object.fromEntries(directives.filter((d) => d[0] == 'proxy_set_header').map(([, name, value]) => [name.toLowerCase(), value]))
  expect(headers).toEqual(FORWARDED)
  // nginx's sizes: 1m is a mebibyte.
  const [, size, unit] = /^(\d+)([km]?)$/.exec(directives.find((d) => d[0] == 'client_max_body_size')![1])!
  expect(Number(size) * { '': 1, k: 1024, m: 1048576 }[unit]!).toBe(MAX_BODY_BYTES)
})

test('the Next.js rewrite has the shape Next reads, and hands the same path to the collector', async () => {
  const [block] = snippets.filter((s) => /\bfile=next\.config\.ts\b/.test(s.info))
  const dir = mkdtempSync(path.join(tmpdir(), 'waymark-next-'))
  try {
    const file = path.join(dir, 'next.config.ts')
    writeFileSync(file, block.body)
    const config = (await import(/* @vite-ignore */ file)).default
    expect(Object.keys(config)).toEqual(['rewrites'])
    // Next takes an array of rewrites (or { beforeFiles, afterFiles, fallback }); each needs a
    // source path and a destination, a path or an absolute URL; other keys are has, missing,
    // basePath and locale.
    const rewrites = await config.rewrites()
    expect(Array.isArray(rewrites)).toBe(true)
    expect(rewrites).toHaveLength(1)
    const [{ source, destination, ...rest }] = rewrites
    expect(rest).toEqual({})
    expect(source).toBe(COLLECT_PATH)
    const target = new URL(destination)
    expect([target.protocol, target.hostname, target.port, target.pathname, target.search]).toEqual(['http:', '127.0.0.1', CLI_PORT, COLLECT_PATH, ''])
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
