// The flags every headless Chromium of this project starts with, tests and benchmarks alike. The
// machines' network is closed: without the background-networking flags Chromium keeps trying to
// reach Google's hosts, and without the rest it phones home for field trials, updates and sync.
export const CHROMIUM_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]
