// Writes the sizes Size Limit measures, and the budgets it enforces, into the README: the figures of
// its first screen and the budget table under "Development". `npm run build` first.
// test/readme.test.ts fails when the README and the build disagree; this keeps them in step.
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'

let out
try {
  out = execFileSync('node_modules/.bin/size-limit', ['--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
} catch (e) {
  out = e.stdout
}
const sizes = JSON.parse(out)
const kb = (prefix) => +(sizes.find((e) => e.name.startsWith(prefix)).size / 1000).toFixed(2) + ' kB'
const pkg = JSON.parse(readFileSync('package.json', 'utf8'))
let readme = readFileSync('README.md', 'utf8')
const figures = [
  [/(A typical page fetches )[\d.]+ kB/, 'script tag: the file'],
  [/(a landing from\s+outside fetches )[\d.]+ kB/, 'script tag: a landing'],
  [/(a checkout or confirmation page )[\d.]+ kB/, 'script tag: a checkout'],
  [/(everything the tag can ever load is )[\d.]+ kB/, 'script tag: everything'],
  [/(`import \{ createTracker \}` is )[\d.]+ kB/, 'import { createTracker }: the initial'],
  [/(up front and\s+)[\d.]+ kB/, 'import { createTracker }: everything'],
  [/(`waymark\/vitals`, )[\d.]+ kB/, 'import { webVitals }'],
]
for (const [re, name] of figures) readme = readme.replace(re, (_, before) => before + kb(name))
const table = pkg['size-limit'].map((e) => `| ${e.name} | ${e.limit} |`).join('\n')
readme = readme.replace(/(\| what a page or an app loads \| budget \(brotli\) \|\n\| --- \| --- \|\n)(\|.*\|\n)+/, (_, head) => head + table + '\n')
writeFileSync('README.md', readme)
console.log(sizes.map((e) => `${e.size} B  ${e.name}`).join('\n'))
