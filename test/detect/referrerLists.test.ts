import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import { detectTouchpoint } from '../../src/detect/detectTouchpoint.js'

// Referrer hosts of the open-source analytics tools' lists, each with the channel its list's own
// category gives (see the corpus file's header for the lists and the mapping).
const rows = readFileSync('test/detect/corpus/referrer-lists.tsv', 'utf8')
  .split('\n')
  .filter((line) => line && !line.startsWith('#'))
  .map((line) => line.split('\t') as [string, string, string])

test('files at least 97 % of the hosts of public referrer lists under their list’s channel', () => {
  expect(rows.length).toBe(455)
  const per: Record<string, [number, number]> = {}
  const misses: string[] = []
  let agree = 0
  for (const [host, channel, origin] of rows) {
    // Android apps send their package name, as Chrome writes it.
    const referrer = origin.includes('Android app') ? `android-app://${host}/` : `https://${host}/`
    const got = detectTouchpoint({ url: 'https://shop.example/', referrer }).channel
    const n = (per[channel] ||= [0, 0])
    n[1]++
    if (got == channel) n[0]++, agree++
    else misses.push(`  ${host}: ${channel}, waymark ${got}  (${origin})`)
  }
  const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(1)} % (${a}/${b})`
  console.log([`referrer lists: ${pct(agree, rows.length)}`, ...Object.entries(per).map(([c, [a, b]]) => `  ${c}: ${pct(a, b)}`), 'misses:', ...misses].join('\n'))
  expect(agree / rows.length).toBeGreaterThanOrEqual(0.97)
})
