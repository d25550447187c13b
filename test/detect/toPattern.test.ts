import { expect, test } from 'vitest'
import { toPattern } from '../../src/detect/toPattern.js'

test.each<[string, string, boolean]>([
  ['/kasse/*', '/kasse/zahlung', true],
  ['/kasse/*', '/Kasse/Zahlung/?step=2#top', true],
  ['/kasse/*', '/kasse/', true],
  ['/kasse/*', '/kasse/a/b', false],
  ['/kasse/*', '/kasse', false],
  ['/kasse/**', '/kasse/a/b', true],
  ['/kasse', '/kasse/', true],
  ['/kasse', '/kasse-tipps', false],
  ['/order.php', '/order.php?x=1', true],
  ['/order.php', '/orderxphp', false],
  ['/*/danke', '/de/danke', true],
  ['^/fertig\\?bestellung=\\d', '/fertig?bestellung=7', true],
  ['^/fertig\\?bestellung=\\d', '/Fertig?Bestellung=7', true],
  ['^/fertig\\?bestellung=\\d', '/fertig', false],
])('matches the pattern %s against %s: %s', (pattern, path, expected) => {
  expect(toPattern(pattern).test(path)).toBe(expected)
})

test('keeps a RegExp as it is', () => {
  const re = /x/
  expect(toPattern(re)).toBe(re)
})

test.each(['', 'kasse/*', '^(', 42])('rejects the pattern %j', (pattern) => {
  expect(() => toPattern(pattern as string)).toThrow()
})
