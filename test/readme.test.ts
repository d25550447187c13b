// @vitest-environment node
import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'

const readme = readFileSync('README.md', 'utf8')
const pkg = JSON.parse(readFileSync('package.json', 'utf8'))
const limit = (name: string) => pkg['size-limit'].find((e: { name: string }) => e.name.startsWith(name)).limit

test('the README states the size budgets that size-limit enforces', () => {
  const [, script, esm] = readme.match(/script tag is ([\d.]+ kB) and `import \{ createTracker \}` ([\d.]+ kB)/) ?? []
  expect(script).toBe(limit('script tag'))
  expect(esm).toBe(limit('import { createTracker }'))
})

test('the README’s test command is the one CI runs', () => {
  expect(readme).toMatch(/^npm test\b/m)
  expect(readFileSync('.ci/run', 'utf8')).toMatch(/^npm test$/m)
})
