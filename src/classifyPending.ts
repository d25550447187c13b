import { MODELS, type Model } from './journey/models.js'
import { offlineStep } from './journey/offlineStep.js'
import { isJourney, step, type Capture, type JourneyState } from './journey/step.js'
import type { TrackerOptions } from './options.js'
import type { UnclassifiedEvent, WireEvent } from './types.js'

/**
 * Classifies calls that a page sent unclassified (see `UnclassifiedEvent`), as the tracker would
 * have: from the journey state they started from, in their order, with the detector and the model
 * they name (the built-in one of that id, unless `options` give the site's own). For collectors.
 * A call that repeats what its page already recorded gives no event, as in the tracker.
 * @param events unclassified events, in any order, of any visitors
 * @param options the site's `model`, `rules` and detector settings, when the collector knows them
 * @returns the classified events, with the same ids
 */
export const classifyPending = (events: readonly UnclassifiedEvent[], options: Omit<TrackerOptions, 'endpoint'> = {}): WireEvent[] => {
  const runs = new Map<string, UnclassifiedEvent[]>()
  for (const e of events) if (e?.unclassified) runs.set(e.unclassified.run, [...(runs.get(e.unclassified.run) || []), e])
  const out: WireEvent[] = []
  for (const run of runs.values()) {
    run.sort((a, b) => a.unclassified.seq - b.unclassified.seq)
    const state = structuredClone(run[0].unclassified.state) as unknown as JourneyState
    if (!isJourney(state)) continue
    // What the page sent is scrubbed already.
    const cfg = { ...offlineStep(options as TrackerOptions, MODELS[run[0].model as keyof typeof MODELS] as Model | undefined), scrub: (t: string) => t }
    for (const e of run) {
      const c: Capture = {
        id: e.id,
        type: e.kind == 'custom' ? 'track' : (e.kind as Capture['type']),
        name: e.name,
        props: e.props ? JSON.stringify(e.props) : '',
        url: e.url,
        referrer: e.referrer,
        title: e.title,
        time: Date.parse(e.time),
        step: e.step,
        orderId: e.orderId,
        value: e.value,
        currency: e.currency,
        method: e.method,
        // An identify says its id; the others carry the state's.
        userId: e.kind == 'identify' ? e.userId : undefined,
      }
      const json = step(state, c, cfg)
      if (json) out.push(JSON.parse(json))
    }
  }
  return out
}
