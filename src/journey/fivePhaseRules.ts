import { parseUrl } from '../lib/parseUrl.js'
import type { Classifier } from './compileRules.js'
import { ADVOCACY_EVENTS, EVALUATION, REVIEW_PAGE } from './fivePhaseWords.js'
import type { TouchpointView } from './models.js'

const review = RegExp(REVIEW_PAGE, 'i')
const onReviewPage = (tp: TouchpointView) => {
  const u = parseUrl(tp.url)
  return !!u && review.test(u.pathname + u.search + u.hash)
}
const named = (tp: TouchpointView, names: string[]) => tp.kind == 'custom' && names.includes(tp.event!)

/**
 * The default model, `fivePhase`, compiled by hand: what `compileRules(fivePhase)` makes of its
 * rules, without the rule compiler, which only a site with rules of its own or another model loads.
 * `test/journey/fivePhaseRules.test.ts` holds the two to the same result.
 */
export const FIVE_PHASE: Classifier = {
  model: 'fivePhase',
  phases: ['awareness', 'consideration', 'conversion', 'retention', 'advocacy'],
  rules: [
    { id: 'advocacy', phase: 'advocacy', events: new Set(ADVOCACY_EVENTS), test: (tp, j) => j.purchases >= 1 && (tp.kind == 'share' || named(tp, ADVOCACY_EVENTS) || onReviewPage(tp)) },
    { id: 'conversion', phase: 'conversion', test: (tp) => tp.kind == 'checkout' || tp.kind == 'purchase' },
    { id: 'retention', phase: 'retention', test: (_, j) => j.purchases >= 1 },
    { id: 'consideration.review-site', phase: 'consideration', test: (tp) => tp.channel == 'review-site' },
    { id: 'consideration.shopping', phase: 'consideration', test: (tp) => tp.channel == 'organic-shopping' || tp.channel == 'paid-shopping' },
    { id: 'consideration.evaluation', phase: 'consideration', events: new Set(EVALUATION), test: (tp) => named(tp, EVALUATION) },
    { id: 'consideration.return-visit', phase: 'consideration', test: (_, j) => j.session >= 2 },
    { id: 'consideration.continued', phase: 'consideration', test: (_, j) => j.reached != null && ['consideration', 'conversion', 'retention', 'advocacy'].includes(j.reached) },
    { id: 'awareness', phase: 'awareness', test: () => true },
  ],
}
