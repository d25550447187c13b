// @rudderstack/analytics-js/bundled: plugins bundled in (the default export fetches them from a
// CDN at run time); source config from the local collector.
import { RudderAnalytics } from '@rudderstack/analytics-js/bundled'

const analytics = new RudderAnalytics()
analytics.load('BENCH', __ENDPOINT__, { configUrl: __ENDPOINT__ })
analytics.page()
analytics.track('signup_clicked', { plan: 'pro' })

if (__RUNTIME__) window.__bench = { ready: new Promise((resolve) => analytics.ready(resolve)), track: (name, props) => analytics.track(name, props) }
