import type { Channel, Kind } from '../types.js'
import { ADVOCACY_EVENTS, EVALUATION, REVIEW_PAGE } from './fivePhaseWords.js'

/** A number, or a range of numbers, that a journey count must be. */
export type Count = number | { min?: number; max?: number }

/**
 * A declarative, JSON-serialisable rule condition. Every field given must hold (and); `any`, `all`
 * and `not` combine matchers. Patterns: see `path`.
 */
export interface Matcher<P extends string = string> {
  kind?: Kind | Kind[]
  channel?: Channel | Channel[]
  /** Name of a custom event (`track(name)`). A rule without `event` does not apply to custom events. */
  event?: string | string[]
  /** A path glob (`/blog/**`, `/kasse/*`) or a `^` regular expression over path, query and hash. */
  path?: string
  /** A `^` regular expression over the whole URL. */
  url?: string
  /** Referrer host, matched exactly or as a parent domain (`example.com` matches `www.example.com`). */
  referrer?: string | string[]
  /** Query parameters of the URL: present (names), or equal to the values given. */
  param?: string | string[] | Record<string, string>
  source?: string | string[]
  medium?: string | string[]
  campaign?: string | string[]
  /** Purchases the visitor made before this touchpoint. */
  purchases?: Count
  /** Index of the current session (1 for the first). */
  session?: Count
  /** Touchpoints the visitor had before this one. */
  touchpoints?: Count
  /** Whole days since the visitor's first touchpoint. */
  days?: Count
  /** The visitor already reached this phase, or a later one, since the last purchase. */
  reached?: P
  any?: Matcher<P>[]
  all?: Matcher<P>[]
  not?: Matcher<P>
}

/** What a rule sees of the touchpoint it classifies. */
export interface TouchpointView {
  kind: Kind
  channel: Channel
  /** Name of a custom event. */
  event?: string
  url: string
  referrer: string
  title: string
  source?: string
  medium?: string
  campaign?: string
  platform?: string
  step?: string
  referralCode?: string
  analog: boolean
  indirect: boolean
  /** Epoch milliseconds. */
  time: number
}

/** What a rule sees of the visitor's journey before the touchpoint. */
export interface JourneyView {
  purchases: number
  session: number
  touchpoints: number
  days: number
  /** The phase of the previous event. */
  phase?: string
  /** The furthest phase (by model order) reached since the last purchase. */
  reached?: string
}

/** One classification rule: when `when` holds, the touchpoint is in `phase`. */
export interface Rule<P extends string = string> {
  id: string
  phase: P
  when: Matcher<P> | ((touchpoint: TouchpointView, journey: JourneyView) => boolean)
}

/** A journey model: ordered phases and the rules that assign them, first match wins. */
export interface Model<P extends string = string> {
  id: string
  phases: readonly { readonly id: P; readonly label: string }[]
  rules: readonly Rule<P>[]
}

/** The phase ids of a model, as a union type. */
export type PhaseOf<M> = M extends Model<infer P> ? P : string

const model = <const P extends string>(m: Model<P>) => m

/** The default five-phase customer journey. */
export const fivePhase = /* @__PURE__ */ model({
  id: 'fivePhase',
  phases: [
    { id: 'awareness', label: 'Awareness' },
    { id: 'consideration', label: 'Consideration' },
    { id: 'conversion', label: 'Conversion' },
    { id: 'retention', label: 'Retention' },
    { id: 'advocacy', label: 'Advocacy' },
  ],
  rules: [
    {
      id: 'advocacy',
      phase: 'advocacy',
      when: { purchases: { min: 1 }, any: [{ kind: 'share' }, { event: ADVOCACY_EVENTS }, { path: REVIEW_PAGE }] },
    },
    { id: 'conversion', phase: 'conversion', when: { kind: ['checkout', 'purchase'] } },
    { id: 'retention', phase: 'retention', when: { purchases: { min: 1 } } },
    // Paid or not: a visitor who comes from a review or price-comparison portal is comparing, and
    // so is one who comes from a marketplace or a shopping ad, who saw the product beside others.
    { id: 'consideration.review-site', phase: 'consideration', when: { channel: 'review-site' } },
    { id: 'consideration.shopping', phase: 'consideration', when: { channel: ['organic-shopping', 'paid-shopping'] } },
    { id: 'consideration.evaluation', phase: 'consideration', when: { event: EVALUATION } },
    { id: 'consideration.return-visit', phase: 'consideration', when: { session: { min: 2 } } },
    { id: 'consideration.continued', phase: 'consideration', when: { reached: 'consideration' } },
    { id: 'awareness', phase: 'awareness', when: {} },
  ],
})

/** A six-stage B2B buying process. */
export const sixStage = /* @__PURE__ */ model({
  id: 'sixStage',
  phases: [
    { id: 'inform', label: 'Inform' },
    { id: 'enable', label: 'Enable' },
    { id: 'evaluate', label: 'Evaluate' },
    { id: 'assess', label: 'Assess' },
    { id: 'buy', label: 'Buy' },
    { id: 'use', label: 'Use' },
  ],
  rules: [
    { id: 'buy', phase: 'buy', when: { kind: ['checkout', 'purchase'] } },
    { id: 'use', phase: 'use', when: { purchases: { min: 1 } } },
    {
      id: 'assess',
      phase: 'assess',
      when: {
        any: [
          { event: ['request_quote', 'request_demo', 'start_trial', 'contact_sales', 'generate_lead', 'begin_trial'] },
          { path: '^/(.+/)?(demo|trial|quote|request-a-quote|contact-sales|angebot|testen|free-trial)(/|$|[?#])' },
          { reached: 'assess' },
        ],
      },
    },
    {
      id: 'evaluate',
      phase: 'evaluate',
      when: {
        any: [
          { channel: ['review-site', 'organic-shopping', 'paid-shopping'] },
          { event: ['view_pricing', 'compare', 'compare_products', 'download_case_study', 'view_reviews'] },
          { path: '^/(.+/)?(pricing|prices|preise|plans|compare|vergleich|case-studies|customers|kunden|referenzen|vs)(/|$|[?#-])' },
          { reached: 'evaluate' },
        ],
      },
    },
    {
      id: 'enable',
      phase: 'enable',
      when: {
        any: [
          { event: ['sign_up', 'newsletter_signup', 'download', 'file_download', 'webinar_registration', 'subscribe'] },
          { path: '^/(.+/)?(guides?|resources|whitepapers?|webinars?|ebooks?|docs|documentation|academy|ratgeber)(/|$|[?#])' },
          { session: { min: 2 } },
          { reached: 'enable' },
        ],
      },
    },
    { id: 'inform', phase: 'inform', when: {} },
  ],
})

/** The three-stage view: before, at and after the purchase. */
export const threeStage = /* @__PURE__ */ model({
  id: 'threeStage',
  phases: [
    { id: 'pre-purchase', label: 'Pre-purchase' },
    { id: 'purchase', label: 'Purchase' },
    { id: 'post-purchase', label: 'Post-purchase' },
  ],
  rules: [
    { id: 'purchase', phase: 'purchase', when: { kind: ['checkout', 'purchase'] } },
    { id: 'post-purchase', phase: 'post-purchase', when: { purchases: { min: 1 } } },
    { id: 'pre-purchase', phase: 'pre-purchase', when: {} },
  ],
})

/** The models shipped, by id: what `data-model` names. */
export const MODELS = { fivePhase, sixStage, threeStage }
