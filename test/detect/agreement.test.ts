import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import { detectTouchpoint } from '../../src/detect/detectTouchpoint.js'

// The two labelled corpora of the research notes, as TSV (`#` lines are comments); paths from the
// repository root, where Vitest runs.
const rows = (name: string) =>
  readFileSync('test/detect/corpus/' + name, 'utf8')
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => line.split('\t'))

const percent = (hits: number, all: number) => `${((100 * hits) / all).toFixed(1)} % (${hits}/${all})`

test('agrees with the labelled corpora on kind and on channel', () => {
  const misses: string[] = []

  const shops = rows('shops.tsv')
  let kinds = 0
  let named = 0
  let platforms = 0
  for (const [url, kind, platform] of shops) {
    const t = detectTouchpoint({ url })
    if (t.kind == kind) kinds++
    else misses.push(`kind     ${kind} ≠ ${t.kind}  ${url}`)
    // Only rows whose URL proves a platform count; "-" rows may name a likely one or none.
    if (kind != 'page' && platform != '-') {
      named++
      if (t.platform == platform) platforms++
      else misses.push(`platform ${platform} ≠ ${t.platform ?? '-'}  ${url}`)
    }
  }

  const channels = rows('channels.tsv')
  let hits = 0
  for (const [url, referrer, channel] of channels) {
    const t = detectTouchpoint({ url, referrer })
    if (t.channel == channel) hits++
    else misses.push(`channel  ${channel} ≠ ${t.channel}  ${url}  ← ${referrer || '(no referrer)'}`)
  }

  console.log(
    [
      `kind agreement ${percent(kinds, shops.length)}, channel agreement ${percent(hits, channels.length)}, platform agreement ${percent(platforms, named)}`,
      ...misses.map((m) => '  ' + m),
    ].join('\n'),
  )
  expect(kinds / shops.length).toBeGreaterThanOrEqual(0.98)
  expect(hits / channels.length).toBeGreaterThanOrEqual(0.95)
})
