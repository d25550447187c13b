// The phase order of the models that ship with waymark, so that a funnel runs in journey order.
// Copied from src/journey/models.ts rather than imported from the package, because the collector is
// meant to be copied out and run on its own; test/collector/dashboard.test.ts keeps the copy in step.

/** Phase ids of each shipped model, in journey order. */
export const MODEL_PHASES = {
  fivePhase: ['awareness', 'consideration', 'conversion', 'retention', 'advocacy'],
  sixStage: ['inform', 'enable', 'evaluate', 'assess', 'buy', 'use'],
  threeStage: ['pre-purchase', 'purchase', 'post-purchase'],
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
