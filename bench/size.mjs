// Size: raw, gzip and brotli of waymark's script-tag build as shipped, of an ESM import of
// createTracker, and of each peer bundled alike for the same job (init, one page view, one custom
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

export async function runSize() {
  const rows = [{ label: 'waymark script tag (dist/waymark.global.js, everything auto-captured)', version: version(null), ...measure(readFileSync(path.join(ROOT, 'dist/waymark.global.js'))) }]
  for (const t of TARGETS.filter((t) => !t.sizeless)) rows.push({ label: t.label, version: version(t.pkg), ...measure(await bundle(t)) })
  return rows
}
