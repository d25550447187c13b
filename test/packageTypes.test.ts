// @vitest-environment node
// The published declarations work where projects use them: TypeScript's node16 resolution from a
// CommonJS package and from an ES module package, each importing the main entry and waymark/vitals.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, expect, test } from 'vitest'

const root = process.cwd()
const dirs: string[] = []
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

test.each(['commonjs', 'module'])('a "type": "%s" project type-checks against the built package under node16 resolution', (type) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'waymark-types-'))
  dirs.push(dir)
  mkdirSync(path.join(dir, 'node_modules'))
  for (const [name, target] of [['waymark', root], ['web-vitals', path.join(root, 'node_modules/web-vitals')], ['idb-keyval', path.join(root, 'node_modules/idb-keyval')]])
    symlinkSync(target, path.join(dir, 'node_modules', name))
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'consumer', type }))
  writeFileSync(
    path.join(dir, 'use.ts'),
    `import { createTracker, type Tracker } from 'waymark'\nimport { webVitals } from 'waymark/vitals'\nimport { waymarkShopify } from 'waymark/shopify'\nconst t: Tracker = createTracker({ endpoint: '/e', plugins: [webVitals({ metrics: ['LCP'] })] })\nt.track('x')\nwaymarkShopify({ analytics: { subscribe: () => {} } }, { endpoint: '/e' })\n`,
  )
  writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'node16', moduleResolution: 'node16', strict: true, noEmit: true, types: [] }, files: ['use.ts'] }))
  let out = ''
  try {
    execFileSync(path.join(root, 'node_modules/.bin/tsc'), ['-p', dir], { encoding: 'utf8' })
  } catch (e) {
    out = (e as { stdout: string }).stdout
  }
  expect(out).toBe('')
}, 60000)
