// The phase order of the models that ship with waymark, so that a funnel runs in journey order, and
// what each phase means in a shop owner's words. Copied from src/journey/models.ts rather than
// imported from the package, because the collector is meant to be copied out and run on its own;
// test/collector/dashboard.test.ts keeps the copy in step.

/** Phase ids of each shipped model, in journey order. */
export const MODEL_PHASES = {
  fivePhase: ['awareness', 'consideration', 'conversion', 'retention', 'advocacy'],
  sixStage: ['inform', 'enable', 'evaluate', 'assess', 'buy', 'use'],
  threeStage: ['pre-purchase', 'purchase', 'post-purchase'],
}

/** The phase of each shipped model that checkouts and purchases are in; the phases after it need a purchase first. */
export const PURCHASE_PHASE = { fivePhase: 'conversion', sixStage: 'buy', threeStage: 'purchase' }

/** What puts a visitor in each phase of the shipped models, said plainly. */
export const PHASE_WORDS = {
  fivePhase: {
    awareness: 'getting to know the shop: a first visit',
    consideration: 'comparing: the cart, a wishlist, a review or price portal, or coming back',
    conversion: 'buying: at the checkout or done',
    retention: 'back again after buying',
    advocacy: 'recommending it after buying: a share, a review, a referral',
  },
  sixStage: {
    inform: 'learning about the problem',
    enable: 'signing up, reading guides, coming back',
    evaluate: 'comparing: pricing, reviews, case studies',
    assess: 'asking: a quote, a demo, a trial',
    buy: 'buying: at the checkout or done',
    use: 'using it after buying',
  },
  threeStage: {
    'pre-purchase': 'before buying',
    purchase: 'buying: at the checkout or done',
    'post-purchase': 'after buying',
  },
}

/**
 * The phases to show for a model: a known model's phases in its order (those seen that it lacks
 * after them), or, for a model the collector does not know, the phases seen, in the order given.
 * @param {string | null | undefined} model
 * @param {string[]} seen phases that occur in the data, first seen first
 */
export function modelPhases(model, seen) {
  const known = (model && Object.hasOwn(MODEL_PHASES, model) && MODEL_PHASES[model]) || []
  return [...known, ...seen.filter((phase) => !known.includes(phase))]
}
