// @segment/analytics-next: settings from cdnURL (the local collector answers them), default
// "standard" delivery; apiHost points Segment.io at the collector.
import { AnalyticsBrowser } from '@segment/analytics-next'

const host = __ENDPOINT__.replace(/^https?:\/\//, '')
const analytics = AnalyticsBrowser.load({ writeKey: 'BENCH', cdnURL: __ENDPOINT__ }, { integrations: { 'Segment.io': { apiHost: host + '/v1', protocol: 'http' } } })
analytics.page()
analytics.track('signup_clicked', { plan: 'pro' })

if (__RUNTIME__) window.__bench = { ready: analytics.then(() => {}), track: (name, props) => void analytics.track(name, props) }
