// @amplitude/analytics-browser: default config (batches of 30, 1 s interval, page views on);
// server and remote config on the local collector.
import { init, track } from '@amplitude/analytics-browser'

const { promise } = init('BENCH', { serverUrl: __ENDPOINT__ + '/2/httpapi', remoteConfig: { serverUrl: __ENDPOINT__ + '/config' } })
track('signup_clicked', { plan: 'pro' })

if (__RUNTIME__) window.__bench = { ready: promise.then(() => {}), track: (name, props) => void track(name, props) }
