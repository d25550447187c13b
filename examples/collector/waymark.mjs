// The SDK's own pure functions, for what the collector does as the tracker would: the waymark
// package when it is installed, else (in this repository) its build in dist/.
export const { classifyPending, attribute } = await import('waymark').catch(() => import('../../dist/index.js'))
