// waymark from npm: createTracker with its defaults (page view on start, IndexedDB, batching).
import { createTracker } from 'waymark'

const tracker = createTracker({ endpoint: __ENDPOINT__ + '/waymark', ...(__GZIP__ && { compress: true }) })
tracker.track('signup_clicked', { plan: 'pro' })

if (__RUNTIME__) window.__bench = { ready: tracker.journey().then(() => {}), track: (name, props) => tracker.track(name, props) }
