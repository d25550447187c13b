import { toPattern } from '../detect/toPattern.js'
import { parseUrl } from '../lib/parseUrl.js'
import type { Count, JourneyView, Matcher, Model, Rule, TouchpointView } from './models.js'

/** A rule ready to run: its test, and whether it may classify custom events. */
export interface CompiledRule {
  id: string
  phase: string
  test: (tp: TouchpointView, j: JourneyView) => boolean
  /**
   * The custom events the rule may classify: the names it mentions, `true` for any (functions), or
   * undefined for none: a declarative rule classifies a custom event only when it names events.
   */
  events?: Set<string> | true
}

/** A model with its rules compiled, as the journey step uses it. */
export interface Classifier {
  model: string
  phases: string[]
  rules: CompiledRule[]
}

const ruleError = (where: string, what: string): never => {
  throw new TypeError(`waymark: rule ${where}: ${what}`)
}

const KEYS = 'kind channel event path url referrer param source medium campaign purchases session touchpoints days reached any all not'.split(' ')
const list = (v: unknown) => (Array.isArray(v) ? v : [v])
const inCount = (c: Count, n: number) => (typeof c == 'number' ? n == c : (c.min ?? -Infinity) <= n && n <= (c.max ?? Infinity))
// The custom events a matcher could match, generously (the test itself decides): the names it
// mentions, true for any, undefined for none. A cheap filter before the test of a burst of events.
const eventsOf = (m: Matcher): Set<string> | true | undefined => {
  if (m.event != null) return new Set(list(m.event))
  if ((m.kind != null && list(m.kind).includes('custom')) || m.not) return true
  let out: Set<string> | true | undefined
  for (const sub of [...(m.any || []), ...(m.all || [])]) {
    const e = eventsOf(sub)
    if (e === true) return true
    if (e) out = new Set([...((out as Set<string>) || []), ...e])
  }
  return out
}

/**
 * Checks a declarative matcher and turns it into a function.
 * @param m the matcher
 * @param where names the rule in error messages
 * @param phases the model's phase ids, for `reached`
 * @throws TypeError saying which rule and field are wrong
 */
const compileMatcher = (m: Matcher, where: string, phases: string[]): ((tp: TouchpointView, j: JourneyView) => boolean) => {
  const bad = (what: string) => ruleError(where, what)
  if (!m || typeof m != 'object' || Array.isArray(m)) bad('"when" must be a matcher object or a function')
  const tests: ((tp: TouchpointView, j: JourneyView) => boolean)[] = []
  const strings = (key: keyof Matcher) => {
    const v = list(m[key])
    if (!v.length || v.some((x) => typeof x != 'string' || !x)) bad(`"${key}" must be a string or a list of strings`)
    return v as string[]
  }
  const pattern = (key: 'path' | 'url') => {
    if (typeof m[key] != 'string') bad(`"${key}" must be a string pattern`)
    try {
      return key == 'url' ? (m.url![0] == '^' ? RegExp(m.url!, 'i') : bad('"url" must be a "^…" regular expression')) : toPattern(m.path!)
    } catch (e) {
      return bad(`"${key}" is not a valid pattern: ${(e as Error).message}`)
    }
  }
  const count = (key: 'purchases' | 'session' | 'touchpoints' | 'days') => {
    const c = m[key]!
    const ok = (x: unknown) => x === undefined || (typeof x == 'number' && x >= 0)
    if (typeof c == 'number' ? !ok(c) : !c || typeof c != 'object' || !ok(c.min) || !ok(c.max)) bad(`"${key}" must be a number or { min, max }`)
    return c
  }
  for (const key of Object.keys(m) as (keyof Matcher)[]) {
    if (!KEYS.includes(key)) bad(`unknown condition "${key}" (known: ${KEYS.join(', ')})`)
    if (m[key] === undefined) continue
    switch (key) {
      case 'kind':
      case 'channel':
      case 'source':
      case 'medium':
      case 'campaign': {
        const want = strings(key).map((s) => s.toLowerCase())
        tests.push((tp) => want.includes(String(tp[key] ?? '').toLowerCase()))
        break
      }
      case 'event': {
        const want = strings(key)
        tests.push((tp) => tp.kind == 'custom' && want.includes(tp.event!))
        break
      }
      case 'path': {
        const re = pattern(key)
        tests.push((tp) => {
          const u = parseUrl(tp.url)
          return !!u && re.test(u.pathname + u.search + u.hash)
        })
        break
      }
      case 'url': {
        const re = pattern(key)
        tests.push((tp) => re.test(tp.url))
        break
      }
      case 'referrer': {
        const want = strings(key).map((s) => s.toLowerCase())
        tests.push((tp) => {
          const h = parseUrl(tp.referrer)?.hostname || ''
          return want.some((w) => h == w || h.endsWith('.' + w))
        })
        break
      }
      case 'param': {
        const p = m.param!
        const want: [string, string?][] = typeof p == 'object' && !Array.isArray(p) ? Object.entries(p) : strings(key).map((k) => [k])
        if (want.some(([, v]) => v !== undefined && typeof v != 'string')) bad('"param" values must be strings')
        tests.push((tp) => {
          const q = parseUrl(tp.url)?.searchParams
          return !!q && want.every(([k, v]) => (v === undefined ? q.has(k) : q.get(k) == v))
        })
        break
      }
      case 'purchases':
      case 'touchpoints':
      case 'session':
      case 'days': {
        const c = count(key)
        tests.push((_, j) => inCount(c, j[key]))
        break
      }
      case 'reached': {
        const i = phases.indexOf(m.reached!)
        if (i < 0) bad(`"reached" names no phase of the model: ${JSON.stringify(m.reached)}`)
        tests.push((_, j) => j.reached != null && phases.indexOf(j.reached) >= i)
        break
      }
      case 'any':
      case 'all': {
        const subs = Array.isArray(m[key]) && m[key]!.length ? m[key]!.map((s, i) => compileMatcher(s, `${where}.${key}[${i}]`, phases)) : bad(`"${key}" must be a non-empty list of matchers`)
        tests.push(key == 'any' ? (tp, j) => subs.some((t) => t(tp, j)) : (tp, j) => subs.every((t) => t(tp, j)))
        break
      }
      case 'not': {
        const sub = compileMatcher(m.not!, `${where}.not`, phases)
        tests.push((tp, j) => !sub(tp, j))
      }
    }
  }
  return (tp, j) => tests.every((t) => t(tp, j))
}

/**
 * Checks a model and the site's own rules and compiles them: the site's rules first, in their
 * order, then the model's own (unless `replace`). First match wins; when nothing matches, the last
 * phase rule of the model decides, or the model's first phase.
 * @param model the journey model
 * @param rules the site's rules
 * @param replace use only the site's rules
 * @param report when given, a bad rule of the site is reported here and left out instead of thrown
 * @throws TypeError naming the rule that is wrong (without `report`, or for a bad model)
 */
export const compileRules = (model: Model, rules: readonly Rule[] = [], replace = false, report?: (message: string) => void): Classifier => {
  if (!model || typeof model.id != 'string' || !Array.isArray(model.phases) || !model.phases.length || !Array.isArray(model.rules))
    throw new TypeError('waymark: option "model" must be a model: { id, phases: [{ id, label }], rules }')
  if (!Array.isArray(rules)) {
    if (!report) throw new TypeError('waymark: option "rules" must be a list of rules')
    report(`waymark: option "rules" must be a list of rules, got ${JSON.stringify(rules)}; the model's own rules apply`)
    rules = []
  }
  const phases = model.phases.map((p) => p.id)
  const seen = new Set<string>()
  const compile = (r: Rule, i: number): CompiledRule => {
    const where = r && typeof r.id == 'string' && r.id ? JSON.stringify(r.id) : `#${i + 1}`
    const bad = (what: string) => ruleError(where, what)
    if (!r || typeof r != 'object') bad('must be an object { id, phase, when }')
    if (typeof r.id != 'string' || !r.id) bad('needs an "id" string')
    if (i < rules.length && seen.has(r.id)) bad('has the same id as an earlier rule')
    seen.add(r.id)
    if (!phases.includes(r.phase)) bad(`phase ${JSON.stringify(r.phase)} is not a phase of model ${model.id} (${phases.join(', ')})`)
    const when = r.when
    if (typeof when == 'function') return { id: r.id, phase: r.phase, test: when, events: true }
    return { id: r.id, phase: r.phase, test: compileMatcher(when, where, phases), events: eventsOf(when) }
  }
  const compiled: CompiledRule[] = []
  ;[...rules, ...(replace ? [] : model.rules)].forEach((r, i) => {
    try {
      compiled.push(compile(r, i))
    } catch (e) {
      if (!report || i >= rules.length) throw e
      report((e as Error).message + '; this rule is left out, the others apply')
    }
  })
  return { model: model.id, phases, rules: compiled }
}
