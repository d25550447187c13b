// Builds the script tag: the core every page runs (dist/waymark.global.js) and the knowledge files
// it loads on demand (dist/waymark.<part>.<hash>.js); and the file of Shopify's pixels
// (dist/waymark.shopify.js). Each file is bundled by esbuild and minified
// once more by terser; the core gets each file's SHA-256 baked in, which names the file and pins it
// when the tag itself is pinned with `integrity`.
import { build } from 'esbuild'
import { minify } from 'terser'
import { createHash } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
/** The knowledge files, as `src/lazy.ts` names them. */
export const PARTS = ['arrival', 'checkout', 'config', 'dataLayer', 'orderData', 'shares', 'debug', 'lease']

const bundle = async (options) => {
  const r = await build({
    bundle: true,
    format: 'iife',
    target: 'es2020',
    platform: 'browser',
    write: false,
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
    absWorkingDir: root,
    // Private fields start with `_`: let esbuild shorten them in the shipped files.
    mangleProps: /^_/,
    ...options,
  })
  const out = await minify(r.outputFiles[0].text, { ecma: 2020, compress: { passes: 3 }, mangle: true, format: { comments: false } })
  return out.code
}

const hashes = {}
const files = {}
for (const name of PARTS) {
  // Each file registers what it exports under its name; the loader picks it up on `load`.
  const code = await bundle({
    stdin: { contents: `import * as m from './src/parts/${name}.ts'\n;(self.waymarkParts = self.waymarkParts || {}).${name} = m`, resolveDir: root, loader: 'ts' },
    define: { __WAYMARK_TAG__: 'true' },
  })
  const hash = createHash('sha256').update(code).digest('base64')
  hashes[name] = hash
  files[name] = `waymark.${name}.${hash.slice(0, 8).replace(/\W/g, '_')}.js`
  writeFileSync(path.join(root, 'dist', files[name]), code)
}
const core = await bundle({ entryPoints: ['src/global.ts'], define: { __WAYMARK_TAG__: 'true', __WAYMARK_HASHES__: JSON.stringify(hashes) } })
writeFileSync(path.join(root, 'dist', 'waymark.global.js'), core)
// Shopify's pixels: one self-contained file (a custom pixel is pasted text; it loads no other file),
// which defines `waymarkShopify`; the knowledge comes with it.
const pixel = await bundle({ entryPoints: ['src/shopify.ts'], globalName: '__waymarkShopify', footer: { js: 'var waymarkShopify = __waymarkShopify.waymarkShopify;' }, define: { __WAYMARK_TAG__: 'false' } })
writeFileSync(path.join(root, 'dist', 'waymark.shopify.js'), pixel)
// For tests and benchmarks that serve the files: which file is which.
writeFileSync(path.join(root, 'dist', 'waymark.files.json'), JSON.stringify({ core: 'waymark.global.js', parts: files }, null, 2) + '\n')
