import type { fivePhase, Model } from './journey/models.js'
import { offlineStep } from './journey/offlineStep.js'
import type { TrackerOptions } from './options.js'
import { newJourney, splitCall, step, type Capture } from './journey/step.js'
import { toJson } from './lib/toJson.js'
import type { Props, WireEvent } from './types.js'

/** An explicit call made on a page, instead of an arrival. */
export type ReplayCall =
  | { type: 'track'; name: string; props?: Props }
  | { type: 'checkout'; step?: string | number; props?: Props }
  | { type: 'purchase'; props?: Props & { orderId?: string | number; value?: number; currency?: string } }
  | { type: 'share'; method?: string; url?: string; props?: Props }

/** One touchpoint of a journey to replay. */
export interface ReplayInput {
  url: string
  referrer?: string
  title?: string
  /** Epoch milliseconds, a Date or an ISO 8601 string. */
  time: number | Date | string
  /** An explicit call made on that page; without it, the input is a page view (an arrival). */
  event?: ReplayCall
}

/** Options of `replayJourney`: those of `createTracker` that classify (the rest are ignored). */
export type ReplayOptions<M extends Model = Model> = Omit<TrackerOptions<M>, 'endpoint'>

/**
 * Classifies a visitor's touchpoints exactly as the live tracker would: the same detector, the same
 * rules, the same journey state. Use it to test a site's own rules, or to classify again on the
 * server. Each input gives one event (a repeated signal of the same purchase gives a page view).
 * @param inputs the touchpoints, oldest first
 * @param options `model`, `rules`, `replaceRules`, `autoCapture` (detector settings) and `halfLifeDays`
 * @returns one event per input, in order
 * @throws TypeError for invalid options or rules, or an input without a valid time
 */
export const replayJourney = <const M extends Model = typeof fivePhase>(inputs: readonly ReplayInput[], options: ReplayOptions<M> = {}): WireEvent[] => {
  const cfg = offlineStep(options as TrackerOptions)
  let s: ReturnType<typeof newJourney> | undefined
  let prevUrl = ''
  return inputs.map((input, i) => {
    const time = input.time instanceof Date ? input.time.getTime() : typeof input.time == 'string' ? Date.parse(input.time) : input.time
    if (typeof time != 'number' || !isFinite(time)) throw new TypeError(`waymark: replayJourney input #${i + 1} has no valid time`)
    s ||= newJourney(time)
    const ev = input.event
    const props = ev?.props as Record<string, unknown> | undefined
    const c: Capture = {
      type: ev ? ev.type : 'page',
      props: '',
      url: input.url,
      referrer: input.referrer ?? (ev ? prevUrl : ''),
      title: input.title ?? '',
      time,
    }
    let rest = props
    if (ev?.type == 'track') c.name = ev.name
    if (ev?.type == 'checkout' && ev.step != null && ev.step !== '') c.step = String(ev.step)
    if (ev?.type == 'purchase' || ev?.type == 'share') {
      // What purchase(order) and share(share) would have been given: the fields beside the props.
      const [others, fields] = splitCall(ev.type, ev.type == 'share' ? { ...props, method: ev.method, url: ev.url } : props)
      Object.assign(c, fields)
      rest = others
    }
    c.props = rest && Object.keys(rest).length ? toJson(rest)[0] : ''
    if (!ev) prevUrl = input.url
    // A repeated signal of the same purchase or checkout step is recorded by the tracker as nothing;
    // here it gives its page view, so that every input has its event.
    return JSON.parse(step(s, c, cfg) ?? step(s, { ...c, type: 'page', props: '' }, cfg)!)
  })
}
