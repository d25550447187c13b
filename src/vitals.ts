import type { MetricType } from 'web-vitals'
import { onCLS, onFCP, onINP, onLCP, onTTFB } from 'web-vitals'
import type { Plugin } from './options.js'

/**
 * A Core Web Vital's name. Spelled out here rather than taken from web-vitals' types: those are an
 * ES module's, which a CommonJS project's declarations cannot import.
 */
export type VitalName = 'LCP' | 'INP' | 'CLS' | 'TTFB' | 'FCP'

/** Options of `webVitals`. */
export interface WebVitalsOptions {
  /** Which metrics to report. Default all five: LCP, INP, CLS, TTFB, FCP. */
  metrics?: VitalName[]
  /** Event name. Default `web_vitals`. */
  name?: string
}

const REPORTERS = { LCP: onLCP, INP: onINP, CLS: onCLS, TTFB: onTTFB, FCP: onFCP }

/**
 * Reports Core Web Vitals from the `web-vitals` package as custom events, each tied to the page
 * touchpoint it belongs to: the page URL the metric was measured for, and that page view's
 * touchpoint index. Kept out of the default bundles: `import { webVitals } from 'waymark/vitals'`.
 * @param options which metrics, and the event name
 */
export const webVitals =
  ({ metrics = ['LCP', 'INP', 'CLS', 'TTFB', 'FCP'], name = 'web_vitals' }: WebVitalsOptions = {}): Plugin =>
  (tracker) => {
    const page = location.href
    // The page view this document started with, whose touchpoint the metrics describe.
    const touchpoint = tracker.journey().then((j) => j?.touchpoints)
    let stopped = false
    const report = (m: MetricType) =>
      touchpoint.then((t) => {
        if (!stopped)
          tracker.track(name, {
            metric: m.name,
            value: m.value,
            delta: m.delta,
            rating: m.rating,
            id: m.id,
            navigationType: m.navigationType,
            page: m.navigationURL || page,
            ...(t != null && { touchpoint: t }),
          })
      })
    for (const m of metrics) REPORTERS[m]?.(report)
    // web-vitals cannot unsubscribe; a stopped plugin just stops reporting.
    return () => {
      stopped = true
    }
  }
