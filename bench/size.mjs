// Size: raw, gzip and brotli of waymark's script tag as shipped, per type of page (what it
// fetches there), of an ESM import of createTracker with all it can load, and of each peer bundled alike for the same job (init, one page view, one custom
// event).
import { brotliCompressSync, constants as z, gzipSync } from 'node:zlib'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { ROOT, TARGETS, bundle, version } from './lib/targets.mjs'

const measure = (code) => ({
  raw: code.length,
  gzip: gzipSync(code, { level: 9 }).length,
  brotli: brotliCompressSync(code, { params: { [z.BROTLI_PARAM_QUALITY]: 11, [z.BROTLI_PARAM_MODE]: z.BROTLI_MODE_TEXT, [z.BROTLI_PARAM_SIZE_HINT]: code.length } }).length,
})

// The script tag's files a page fetches, each measured alone (each is its own request) and summed.
const tagFiles = (parts) => {
  const files = JSON.parse(readFileSync(path.join(ROOT, 'dist/waymark.files.json'), 'utf8'))
  const sizes = [files.core, ...parts(files.parts).map((p) => files.parts[p])].map((f) => measure(readFileSync(path.join(ROOT, 'dist', f))))
  return { raw: 0, gzip: 0, brotli: 0, ...Object.fromEntries(['raw', 'gzip', 'brotli'].map((k) => [k, sizes.reduce((n, x) => n + x[k], 0)])) }
}

/** What a page of each type fetches of the script tag. */
export const PAGE_TYPES = [
  ['a typical internal page (the tag alone)', () => []],
  ['a landing from outside (the tag and the arrival file)', () => ['arrival']],
  ['a checkout or confirmation page (the tag and the checkout file)', () => ['checkout']],
  ['everything the tag can load', (parts) => Object.keys(parts)],
]

export async function runSize() {
  const rows = PAGE_TYPES.map(([type, parts]) => ({ label: `waymark script tag: ${type}`, version: version(null), ...tagFiles(parts) }))
  for (const t of TARGETS.filter((t) => !t.sizeless)) rows.push({ label: t.label, version: version(t.pkg), ...measure(await bundle(t)) })
  return rows
}
