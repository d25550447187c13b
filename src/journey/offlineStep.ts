import { detectTouchpoint } from '../detect/detectTouchpoint.js'
import { resolveDetectOptions } from '../detect/resolveDetectOptions.js'
import { resolveOptions, type TrackerOptions } from '../options.js'
import { compileRules } from './compileRules.js'
import { fivePhase, type Model } from './models.js'
import { closePurchase, dedupePurchase } from './purchaseStep.js'
import type { Capture, StepConfig } from './step.js'

/**
 * The journey step's configuration for classifying away from a page (`replayJourney`,
 * `classifyPending`): every piece of knowledge at hand, checked and compiled at once.
 * @param o the tracker options that classify: model, rules, replaceRules, autoCapture, halfLifeDays, scrub
 * @param model the model when the options name none
 * @throws TypeError for invalid options or rules
 */
export const offlineStep = (o: TrackerOptions, model: Model = fivePhase): StepConfig => {
  const base = resolveOptions({ ...o, transport: () => true, endpoint: undefined, storage: 'memory' })
  const detect = resolveDetectOptions(typeof o.autoCapture == 'object' ? o.autoCapture : undefined)
  return {
    classifier: compileRules(o.model ?? model, o.rules, o.replaceRules),
    touchpoint: (c: Capture) => detectTouchpoint(c, detect),
    halfLifeDays: base.halfLifeDays,
    scrub: base.scrub,
    purchase: { dedupePurchase, closePurchase },
  }
}
