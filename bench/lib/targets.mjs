// What the bench measures, and how every entry is bundled: esbuild, minified, iife, ES2020 (the
// target of waymark's own build), so that all rows are built alike.
import { build } from 'esbuild'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const BENCH = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
export const ROOT = path.dirname(BENCH)

export const TARGETS = [
  { id: 'waymark', label: 'waymark (createTracker)', pkg: null },
  { id: 'waymark-gzip', entry: 'waymark', label: 'waymark, compress: true', pkg: null, gzip: true, sizeless: true },
  // The script tag as shipped: the core from the page's server, its knowledge files from beside it.
  { id: 'waymark-tag', label: 'waymark script tag', pkg: null, tag: true, sizeless: true },
  { id: 'segment', label: '@segment/analytics-next', pkg: '@segment/analytics-next' },
  { id: 'posthog', label: 'posthog-js', pkg: 'posthog-js' },
  { id: 'snowplow', label: '@snowplow/browser-tracker', pkg: '@snowplow/browser-tracker' },
  { id: 'rudderstack', label: '@rudderstack/analytics-js/bundled', pkg: '@rudderstack/analytics-js' },
  { id: 'plausible', label: 'plausible-tracker', pkg: 'plausible-tracker' },
  { id: 'amplitude', label: '@amplitude/analytics-browser', pkg: '@amplitude/analytics-browser' },
]

// A peer's installed version (the bench's own node_modules, else the root's); waymark's without one.
export const version = (pkg) => {
  for (const dir of pkg ? [path.join(BENCH, 'node_modules', pkg), path.join(ROOT, 'node_modules', pkg)] : [ROOT])
    try {
      return JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).version
    } catch {}
}

/**
 * Bundles one entry. `runtime` keeps its `window.__bench` adapter; size builds drop it, so that the
 * bytes are those of the SDK doing the job alone.
 */
export async function bundle(target, { endpoint = 'http://127.0.0.1:1', runtime = false } = {}) {
  const res = await build({
    entryPoints: [path.join(BENCH, 'entries', (target.entry || target.id) + '.js')],
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
    nodePaths: [path.join(BENCH, 'node_modules')],
    alias: { waymark: path.join(ROOT, 'dist', 'index.js') },
    define: {
      __ENDPOINT__: JSON.stringify(endpoint),
      __RUNTIME__: String(runtime),
      __GZIP__: String(!!target.gzip),
      'process.env.NODE_ENV': '"production"',
    },
  })
  return Buffer.from(res.outputFiles[0].contents)
}
