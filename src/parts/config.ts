// Knowledge file: the rule compiler, the models and the detector settings' checks, for sites that
// configure another model, rules of their own or detector settings.
import { resolveDetectOptions } from '../detect/resolveDetectOptions.js'
import { compileRules } from '../journey/compileRules.js'
import { MODELS, fivePhase, type Model } from '../journey/models.js'
import type { TrackerOptions } from '../options.js'

/**
 * Compiles what the site configured. Nothing here throws: a bad setting is reported and left out
 * (a bad model gives way to `fivePhase`, a bad rule is skipped), so that tracking goes on.
 * @param o the tracker's options
 * @param report told about each bad setting
 */
export const configure = (o: TrackerOptions, report: (message: string) => void) => {
  const names = Object.keys(MODELS).join(', ')
  let model = o.model === undefined ? fivePhase : typeof o.model == 'string' ? MODELS[o.model as keyof typeof MODELS] : o.model
  if (!model || typeof model != 'object') {
    report(`waymark: option "model" names no model: ${JSON.stringify(o.model)} (one of ${names}); using fivePhase`)
    model = fivePhase
  }
  let classifier
  try {
    classifier = compileRules(model as Model, o.rules, o.replaceRules === true, report)
  } catch (e) {
    report(`${(e as Error).message}; using fivePhase`)
    classifier = compileRules(fivePhase, o.rules, o.replaceRules === true, report)
  }
  const ac = o.autoCapture
  return { classifier, detect: resolveDetectOptions(ac && typeof ac == 'object' ? ac : undefined, report) }
}
