// The dashboard page: reads the collector's /api/ and draws it as HTML and plain SVG. Values from the
// events go into the page only as text and attributes, never as markup: anyone can post events.
import { html, setVar, svg } from './dom.js'
import { drawFunnel } from './drawFunnel.js'
import { drawRevenue } from './drawRevenue.js'
import { ATTRIBUTION, channelName, count, money, moneyValue, number, percent, phaseName } from './words.js'

/** How often the page asks for new figures while it is visible and live. */
const REFRESH_MS = 2000
/** Customers the list offers. */
const CUSTOMERS = 12
// Phase colours by position in the model, so that every model's journey runs from cool to warm.
const PHASE_COLORS = ['#2f6aa8', '#1f8a84', '#3f8a3a', '#a8791a', '#c5601c', '#b8403a']
const OTHER_COLOR = '#8a8f98'

const form = document.querySelector('[data-filters]')
const main = document.querySelector('[data-dashboard]')
const status = document.querySelector('[data-status]')
const revenueSection = main.querySelector('[data-revenue-section]')
const clock = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' })
const day = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short' })

const state = { model: null, site: null, show: null, visitor: null, phases: [], loads: 0, drawn: {}, revenue: null }

const phaseColor = (phase) => {
  const i = state.phases.indexOf(phase)
  return i < 0 ? OTHER_COLOR : PHASE_COLORS[i % PHASE_COLORS.length]
}

/** The filter as API parameters. Dates are the viewer's own days: from the start of `from` to the end of `to`. */
function filterQuery() {
  const query = new URLSearchParams()
  const { model, from, to } = form.elements
  if (model.value) query.set('model', model.value)
  if (state.site) query.set('site', state.site)
  if (from.value) query.set('from', new Date(from.value + 'T00:00').toISOString())
  if (to.value) {
    const end = new Date(to.value + 'T00:00')
    end.setDate(end.getDate() + 1)
    query.set('to', end.toISOString())
  }
  return query
}

/** Keeps the filters, the revenue view and the chosen visitor in the address, so that a reload or a shared link shows the same. */
function rememberFilters() {
  const { from, to } = form.elements
  const query = new URLSearchParams()
  if (state.site) query.set('site', state.site)
  if (state.model) query.set('model', state.model)
  if (from.value) query.set('from', from.value)
  if (to.value) query.set('to', to.value)
  if (state.show) query.set('show', state.show)
  if (state.visitor) query.set('visitor', state.visitor)
  const search = query.toString()
  history.replaceState(null, '', search ? `?${search}` : location.pathname)
}

function restoreFilters() {
  const query = new URLSearchParams(location.search)
  state.model = query.get('model')
  state.site = query.get('site')
  state.show = query.get('show')
  state.visitor = query.get('visitor')
  form.elements.from.value = query.get('from') ?? ''
  form.elements.to.value = query.get('to') ?? ''
}

async function getJson(path, query = new URLSearchParams()) {
  const res = await fetch(`${path}?${query}`, { cache: 'no-store' })
  const body = await res.json().catch(() => ({}))
  if (!res.ok) throw new Error(`${path}: ${body.error ?? res.status}`)
  return body
}

/** Draws a section again only when its data changed, so that a refresh does not flicker or reset hover. */
function draw(name, data, drawSection) {
  const key = JSON.stringify(data)
  if (state.drawn[name] === key) return
  state.drawn[name] = key
  drawSection(data)
}

function drawModels({ models, inUse }) {
  const select = form.elements.model
  select.replaceChildren(...(models.length ? models.map((model) => html('option', { value: model }, model)) : [html('option', { value: '' }, 'no events yet')]))
  // The model in use (that of the latest event) unless the viewer picked one.
  select.value = models.includes(state.model) ? state.model : (inUse ?? '')
}

function drawSites({ sites }) {
  const select = form.elements.site
  const hosts = sites.map((s) => s.host)
  // A site picked in a shared link stays offered while it has no events in this collector.
  if (state.site && !hosts.includes(state.site)) hosts.push(state.site)
  select.replaceChildren(html('option', { value: '' }, 'All sites'), ...hosts.map((host) => html('option', { value: host }, host)))
  select.value = state.site ?? ''
}

function drawTotals({ totals, revenue }) {
  for (const [name, value] of Object.entries(totals)) {
    const el = main.querySelector(`[data-total="${name}"]`)
    if (el) el.textContent = number.format(value)
  }
  const el = main.querySelector('[data-total="revenue"]')
  const amounts = revenue.currencies.map((c) => html('span', { 'data-currency': c.currency, 'data-value': c.total }, money(c.total, c.currency, c.digits)))
  el.replaceChildren(...(amounts.length ? amounts : ['–']))
}

function drawModelWords(models) {
  main.querySelector('[data-model-words]').replaceChildren(...models.flatMap((m) => [html('dt', {}, ATTRIBUTION[m]?.[0] ?? m), html('dd', {}, ATTRIBUTION[m]?.[1] ?? '')]))
}

/** Width of a chart's box in CSS pixels, so that its SVG is drawn at one unit a pixel and its text reads at any width. */
const widthOf = (el) => Math.max(260, Math.round(el.clientWidth || 520))

const HISTOGRAM = { plot: 90, top: 18, bottom: 22 }

function drawHistogram(name, { buckets, median }) {
  const box = main.querySelector(`[data-histogram="${name}"]`)
  const width = widthOf(box)
  const max = Math.max(1, ...buckets.map((b) => b.purchases))
  const slot = width / buckets.length
  const base = HISTOGRAM.top + HISTOGRAM.plot
  const bars = buckets.map(({ label, min, purchases }, i) => {
    const height = (purchases / max) * HISTOGRAM.plot
    const x = i * slot
    return svg('g', { 'data-bucket': label, 'data-min': min, 'data-purchases': purchases },
      svg('rect', { x: x + 3, y: base - height, width: Math.max(1, slot - 6), height, rx: 2, class: 'bar' }, svg('title', {}, `${label}: ${count(purchases, 'order')}`)),
      purchases ? svg('text', { x: x + slot / 2, y: base - height - 5, class: 'value middle' }, number.format(purchases)) : '',
      svg('text', { x: x + slot / 2, y: base + 15, class: 'axis middle' }, label),
    )
  })
  box.dataset.median = median ?? ''
  box.replaceChildren(svg('svg', { viewBox: `0 0 ${width} ${base + HISTOGRAM.bottom}`, role: 'img', 'aria-label': `${name} before an order` },
    svg('line', { x1: 0, x2: width, y1: base, y2: base, class: 'baseline' }), ...bars))
}

function drawPaths({ paths }) {
  drawHistogram('touchpoints', paths.touchpoints)
  drawHistogram('days', paths.days)
  const summary = main.querySelector('[data-path-summary]')
  summary.dataset.purchases = paths.purchases
  summary.textContent = paths.purchases
    ? `Median: ${number.format(paths.touchpoints.median)} touchpoints, ${number.format(paths.days.median)} days, over ${count(paths.purchases, 'order')}.`
    : 'No orders yet.'
}

/** The matrix's two questions, each a pair of answers. */
const WHERE = ['Online', 'Offline']
const WHOSE = ['Your own word', "Others' word"]

function drawMatrix({ touchpoints, cells }) {
  const max = Math.max(1, ...cells.map((c) => c.touchpoints))
  const grid = [html('span'), ...WHOSE.map((w) => html('span', { class: 'col' }, w))]
  for (const analog of [false, true]) {
    grid.push(html('span', { class: 'row' }, WHERE[Number(analog)]))
    for (const indirect of [false, true]) {
      const n = cells.find((c) => c.analog === analog && c.indirect === indirect)?.touchpoints ?? 0
      const cell = html('div', { class: 'cell', 'data-matrix-cell': '', 'data-analog': analog, 'data-indirect': indirect, 'data-touchpoints': n },
        html('strong', {}, number.format(n)), html('span', {}, percent.format(touchpoints ? n / touchpoints : 0)))
      if (n / max > 0.55) cell.classList.add('strong')
      grid.push(setVar(cell, '--share', 0.08 + 0.8 * (n / max)))
    }
  }
  main.querySelector('[data-matrix]').replaceChildren(html('div', { class: 'matrix', role: 'table', 'aria-label': 'Touchpoints by where and whose word' }, ...grid))
}

function drawChannels({ phases, channels }) {
  const max = Math.max(1, ...channels.flatMap((c) => Object.values(c.byPhase)))
  const head = html('tr', {}, html('th', { scope: 'col' }, 'Channel'), ...phases.map((phase) => html('th', { scope: 'col' }, phaseName(phase))))
  const rows = channels.map(({ channel, byPhase }) =>
    html('tr', {}, html('th', { scope: 'row', title: channel }, channelName(channel)), ...phases.map((phase) => {
      const customers = byPhase[phase] ?? 0
      const cell = html('td', { 'data-channel': channel, 'data-phase': phase, 'data-customers': customers }, customers ? number.format(customers) : '·')
      const share = 0.15 + 0.85 * (customers / max)
      if (customers) setVar(cell, '--share', share)
      if (customers && share > 0.55) cell.classList.add('strong')
      return setVar(cell, '--phase', phaseColor(phase))
    })))
  const table = main.querySelector('[data-channels]')
  table.replaceChildren(html('thead', {}, head), html('tbody', {}, ...(rows.length ? rows : [html('tr', {}, html('td', { colspan: phases.length + 1, class: 'empty' }, 'No events yet.'))])))
}

const when = (time) => `${day.format(new Date(time))}, ${clock.format(new Date(time))}`

/** An anonymous id as the page shows it: its first characters, like a short commit hash. */
const shortId = (anonymousId) => anonymousId.slice(0, 8)

function drawCustomers({ customers, selected }) {
  const items = customers.map((c) => {
    // Chosen by any of their anonymous ids: a link may name one that has been linked since.
    const pressed = c.customer === selected || c.anonymousIds.includes(selected)
    const button = html('button', {
      type: 'button', 'data-visitor': c.customer, 'data-anonymous-ids': c.anonymousIds.join(' '), 'aria-pressed': pressed, title: c.anonymousIds.join(', '),
    },
      html('span', { class: 'id' }, c.userIds.length ? c.userIds.join(', ') : shortId(c.customer)),
      html('span', { class: 'phase' }, phaseName(c.phase)),
      html('span', { class: 'meta' }, [
        count(c.events, 'event') + (c.purchases ? `, ${count(c.purchases, 'order')}` : ''),
        ...(c.anonymousIds.length > 1 ? [count(c.anonymousIds.length, 'browser')] : []),
        `came by ${channelName(c.channel)}`,
        when(c.lastSeen),
      ].join(' · ')),
    )
    setVar(button, '--phase', phaseColor(c.phase))
    return html('li', {}, button)
  })
  main.querySelector('[data-visitor-list]').replaceChildren(...(items.length ? items : [html('li', { class: 'empty' }, 'No customers yet.')]))
}

/** What a timeline entry is about: the custom event's name, the order, or the page's path. */
const subject = (e) =>
  e.kind === 'custom'
    ? (e.name ?? '')
    : e.kind === 'purchase'
      ? [e.orderId ? `Order ${e.orderId}` : 'Order', typeof e.value === 'number' && e.currency ? moneyValue(e.value, e.currency) : 'value not given'].join(' · ')
      : e.path

function drawTimeline({ timeline }) {
  const list = main.querySelector('[data-timeline]')
  list.dataset.anonymousId = timeline?.anonymousId ?? ''
  list.dataset.customer = timeline?.customer ?? ''
  if (!timeline) return list.replaceChildren()
  const several = timeline.anonymousIds.length > 1
  const items = []
  let visit
  for (const e of timeline.events) {
    // A visit is a session of one browser: the customer's browsers each count their own.
    if (`${e.anonymousId} ${e.sessionId}` !== visit) {
      visit = `${e.anonymousId} ${e.sessionId}`
      const on = several ? ` · on ${shortId(e.anonymousId)}` : ''
      items.push(html('li', { class: 'session', 'data-anonymous-id': e.anonymousId }, `visit ${e.journey?.session ?? '?'}${on} · came by ${channelName(e.channel)}`))
    }
    const item = html('li', {
      'data-event': e.id, 'data-kind': e.kind, 'data-name': e.name, 'data-path': e.path,
      'data-phase': e.phase, 'data-channel': e.channel, 'data-rule': e.rule, 'data-time': e.time,
      'data-order-id': e.orderId, 'data-value': e.value, 'data-currency': e.currency,
      'data-anonymous-id': e.anonymousId, 'data-user-id': e.userId,
    },
      html('time', { datetime: e.time }, when(e.time)),
      html('code', { class: 'device', title: `anonymous id ${e.anonymousId}` }, shortId(e.anonymousId ?? '')),
      html('span', { class: `kind kind-${e.kind}` }, e.kind),
      html('span', { class: 'what', title: e.url ?? '' }, subject(e)),
      html('span', { class: 'phase' }, phaseName(e.phase)),
      html('span', { class: 'channel' }, e.channel ? channelName(e.channel) : ''),
      html('code', { class: 'rule' }, e.rule ?? ''),
    )
    setVar(item, '--phase', phaseColor(e.phase))
    items.push(item)
  }
  list.replaceChildren(...items)
}

async function load() {
  const [{ models, inUse }, sites] = await Promise.all([getJson('/api/models'), getJson('/api/sites')])
  // By name only: redrawing the options on every new event would close the list under the viewer's pointer.
  draw('models', { models: models.map((m) => m.model), inUse }, drawModels)
  draw('sites', { sites: sites.sites.map((s) => ({ host: s.host })), picked: state.site }, drawSites)
  const query = filterQuery()
  const get = (name, extra = {}) => getJson(`/api/${name}`, new URLSearchParams({ ...Object.fromEntries(query), ...extra }))
  const [totals, funnel, paths, channels, matrix, revenue, { customers }] = await Promise.all([
    get('summary'), get('funnel'), get('paths'), get('channels'), get('matrix'), get('revenue'), get('customers', { limit: String(CUSTOMERS) }),
  ])
  // A journey is read whole, so a customer the viewer picked stays shown even when the filter hides them.
  const selected = state.visitor ?? customers[0]?.customer ?? null
  const timeline = selected ? await getJson('/api/timeline', new URLSearchParams({ visitor: selected })) : null
  const phases = (state.phases = funnel.phases.map((p) => p.phase))
  state.revenue = revenue
  draw('totals', { totals, revenue }, drawTotals)
  draw('revenue', { revenue, show: state.show }, () => drawRevenue(revenueSection, revenue, state.show))
  draw('modelWords', revenue.models, drawModelWords)
  draw('funnel', funnel, (f) => drawFunnel(main.querySelector('[data-funnel]'), f, phaseColor))
  // The charts drawn to the width of their box: drawn again when it changes.
  draw('paths', { paths, width: widthOf(main.querySelector('[data-histogram]')) }, drawPaths)
  draw('matrix', matrix, drawMatrix)
  draw('channels', { ...channels, colors: phases }, drawChannels)
  draw('customers', { customers, selected, phases }, drawCustomers)
  draw('timeline', { timeline, phases }, drawTimeline)
  main.dataset.loads = String(++state.loads)
}

let timer = 0
let running = false
let again = false

function schedule() {
  clearTimeout(timer)
  if (form.elements.live.checked && document.visibilityState === 'visible') timer = setTimeout(refresh, REFRESH_MS)
}

/** Loads now; a call while a load runs makes one more load follow it, with the newest filter. */
async function refresh() {
  clearTimeout(timer)
  if (running) return void (again = true)
  running = true
  try {
    await load()
    status.value = `${form.elements.live.checked ? 'live' : 'paused'} · updated ${clock.format(new Date())}`
    status.classList.remove('error')
  } catch (e) {
    status.value = `could not load: ${e.message}`
    status.classList.add('error')
  } finally {
    running = false
    if (again) {
      again = false
      refresh()
    } else schedule()
  }
}

form.addEventListener('submit', (e) => e.preventDefault())
form.addEventListener('change', (e) => {
  if (e.target.name === 'model') state.model = e.target.value || null
  if (e.target.name === 'site') state.site = e.target.value || null
  rememberFilters()
  refresh()
})
revenueSection.querySelector('[data-revenue-views]').addEventListener('click', (e) => {
  const button = e.target.closest('[data-show]')
  if (!button || !state.revenue) return
  state.show = button.dataset.show
  rememberFilters()
  draw('revenue', { revenue: state.revenue, show: state.show }, () => drawRevenue(revenueSection, state.revenue, state.show))
})
main.querySelector('[data-visitor-list]').addEventListener('click', (e) => {
  const button = e.target.closest('[data-visitor]')
  if (!button) return
  state.visitor = button.dataset.visitor
  rememberFilters()
  refresh()
})
// Polling stops while the tab is hidden, and catches up as soon as it is shown again.
document.addEventListener('visibilitychange', () => (document.visibilityState === 'visible' ? refresh() : clearTimeout(timer)))
// A phone turned, a window resized: the charts follow once it settles.
let resized = 0
addEventListener('resize', () => {
  clearTimeout(resized)
  resized = setTimeout(refresh, 150)
})

restoreFilters()
refresh()
