import { expect, test } from 'vitest'
import type { DetectOptions } from '../../src/detect/detectTouchpoint.js'
import { resolveDetectOptions } from '../../src/detect/resolveDetectOptions.js'

test('returns empty options for none', () => {
  expect(resolveDetectOptions(undefined)).toEqual({})
  expect(resolveDetectOptions({})).toEqual({})
})

test('lowers hosts and parameter names and compiles patterns, leaving the caller’s object alone', () => {
  const options: DetectOptions = {
    hosts: { email: ['Mail.Corp.Example', '*.webmail.example'] },
    internalHosts: ['.Checkout.Example'],
    referralParams: ['Friend'],
    checkout: ['/kasse/*', '^/flow/', /step-\d/],
    purchase: ['/danke/**'],
  }
  const copy = structuredClone(options)
  const out = resolveDetectOptions(options)
  expect(options).toEqual(copy)
  expect(out.hosts).toEqual({ email: ['mail.corp.example', 'webmail.example'] })
  expect(out.internalHosts).toEqual(['checkout.example'])
  expect(out.referralParams).toEqual(['friend'])
  expect(out.checkout!.every((p) => p instanceof RegExp)).toBe(true)
  expect(out.checkout![2]).toBe(options.checkout![2])
  expect(out.purchase![0]).toBeInstanceOf(RegExp)
})

test.each<[unknown, string]>([
  ['yes', 'waymark: autoCapture must be an object'],
  [{ hosts: ['google.com'] }, 'waymark: autoCapture.hosts.0 is not a channel'],
  [{ hosts: { search: ['google.com'] } }, 'waymark: autoCapture.hosts.search is not a channel'],
  [{ hosts: { email: 'mail.example' } }, 'waymark: autoCapture.hosts.email must be an array'],
  [{ hosts: { email: ['mail.example', 'https://x.example/'] } }, 'waymark: autoCapture.hosts.email[1] is not a host name: "https://x.example/"'],
  [{ hosts: null }, 'waymark: autoCapture.hosts must be an object'],
  [{ checkout: '/kasse' }, 'waymark: autoCapture.checkout must be an array'],
  [{ checkout: ['/kasse', '/zahlung', '^(unclosed'] }, 'waymark: autoCapture.checkout[2] is not a valid pattern: '],
  [{ purchase: ['danke'] }, 'waymark: autoCapture.purchase[0] is not a valid pattern: expected a RegExp'],
  [{ purchase: [42] }, 'waymark: autoCapture.purchase[0] is not a valid pattern'],
  [{ referralParams: ['ref', ''] }, 'waymark: autoCapture.referralParams[1] must be a non-empty string'],
  [{ internalHosts: ['ok.example', 'not a host'] }, 'waymark: autoCapture.internalHosts[1] is not a host name: "not a host"'],
])('rejects %j with a TypeError naming the entry', (options, message) => {
  expect(() => resolveDetectOptions(options as DetectOptions)).toThrow(TypeError)
  expect(() => resolveDetectOptions(options as DetectOptions)).toThrow(message)
})
