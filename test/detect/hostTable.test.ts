import { brotliCompressSync } from 'node:zlib'
import { expect, test } from 'vitest'
import { HOSTS } from '../../src/detect/hosts.js'
import { lookupHost } from '../../src/detect/lookupHost.js'
import { parseList } from '../../src/detect/parseList.js'

const tokens = HOSTS.split(' ').filter(Boolean)
const table = parseList(HOSTS, String)

test('writes every key of the host table once, in a form lookupHost reads, under a channel', () => {
  const keys = tokens.filter((t) => t.length > 1).map((t) => t.split('=')[0])
  expect(keys.length).toBeGreaterThan(500)
  expect(new Set(keys).size).toBe(keys.length)
  for (const k of keys) {
    expect(k, k).toMatch(/^[!^]?[a-z\d]([a-z\d.+-]*[a-z\d+])?$/)
    expect(table.get(k)?.[0], k).toBeTruthy()
  }
})

test('finds every key of the host table under its own channel, shadowed by no other key', () => {
  for (const [key, [channel]] of table) {
    // A key beside a stem-only one (shopify, ^shopify) stands for the subdomains.
    const host = table.has('^' + key) ? 'apps.' + key : key.replace(/^[!^]/, '')
    expect(lookupHost(host)?.[0], key).toBe(channel)
  }
})

test('prints the bytes of the host table per channel', () => {
  const size = (s: string) => brotliCompressSync(s).length
  const all = size(HOSTS)
  const lines = [`host table: ${HOSTS.length} B, ${all} B brotli; per channel: keys, raw bytes, brotli bytes of its keys alone, and what leaving them out saves`]
  const channels = [...new Set([...table.values()].map(([c]) => c))]
  for (const c of channels) {
    const without: string[] = []
    const own: string[] = []
    for (const t of tokens) {
      if (t.length < 2 || table.get(t.split('=')[0])?.[0] != c) without.push(t)
      else own.push(t)
    }
    lines.push(`  ${c.padEnd(17)} ${String(own.length).padStart(4)} keys ${String(own.join(' ').length).padStart(5)} B ${String(size(own.join(' '))).padStart(5)} B alone ${String(all - size(without.join(' '))).padStart(5)} B saved`)
  }
  console.log(lines.join('\n'))
  // The arrival file's budget is 5,120 B brotli (package.json's size-limit); the table is most of it.
  expect(all).toBeLessThan(3300)
})
