// No SDK: what the page costs by itself.
if (__RUNTIME__) window.__bench = { ready: Promise.resolve(), track: () => {} }
