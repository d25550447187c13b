// The dashboard page: reads the collector's /api/ and draws it as plain SVG and HTML. Values from the
// events go into the page only as text and attributes, never as markup: anyone can post events.

/** How often the page asks for new figures while it is visible and live. */
const REFRESH_MS = 2000
/** Visitors the list offers. */
const VISITORS = 12
const SVG_NS = 'http://www.w3.org/2000/svg'
// Phase colours by position in the model, so that every model's journey runs from cool to warm.
const PHASE_COLORS = ['#2f6aa8', '#1f8a84', '#3f8a3a', '#a8791a', '#c5601c', '#b8403a']
const OTHER_COLOR = '#8a8f98'

const form = document.querySelector('[data-filters]')
const main = document.querySelector('[data-dashboard]')
const status = document.querySelector('[data-status]')
const number = new Intl.NumberFormat('en')
const percent = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 0 })
const clock = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' })
const day = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short' })

const state = { model: null, visitor: null, phases: [], loads: 0, drawn: {} }

/** An HTML element with attributes (null ones left out) and children (strings become text). */
function html(tag, attrs = {}, ...children) {
  const node = document.createElement(tag)
  for (const [name, value] of Object.entries(attrs)) if (value != null) node.setAttribute(name, String(value))
  node.append(...children)
  return node
}

/** The same for SVG. */
function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG_NS, tag)
  for (const [name, value] of Object.entries(attrs)) if (value != null) node.setAttribute(name, String(value))
  node.append(...children)
  return node
}

const phaseColor = (phase) => {
  const i = state.phases.indexOf(phase)
  return i < 0 ? OTHER_COLOR : PHASE_COLORS[i % PHASE_COLORS.length]
}

/** The filter as API parameters. Dates are the viewer's own days: from the start of `from` to the end of `to`. */
function filterQuery() {
  const query = new URLSearchParams()
  const { model, from, to } = form.elements
  if (model.value) query.set('model', model.value)
  if (from.value) query.set('from', new Date(from.value + 'T00:00').toISOString())
  if (to.value) {
    const end = new Date(to.value + 'T00:00')
    end.setDate(end.getDate() + 1)
    query.set('to', end.toISOString())
  }
  return query
}

/** Keeps the filters and the chosen visitor in the address, so that a reload or a shared link shows the same. */
function rememberFilters() {
  const { from, to } = form.elements
  const query = new URLSearchParams()
  if (state.model) query.set('model', state.model)
  if (from.value) query.set('from', from.value)
  if (to.value) query.set('to', to.value)
  if (state.visitor) query.set('visitor', state.visitor)
  const search = query.toString()
  history.replaceState(null, '', search ? `?${search}` : location.pathname)
}

function restoreFilters() {
  const query = new URLSearchParams(location.search)
  state.model = query.get('model')
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

function drawTotals(totals) {
  for (const [name, value] of Object.entries(totals)) {
    const el = main.querySelector(`[data-total="${name}"]`)
    if (el) el.textContent = number.format(value)
  }
}

const FUNNEL = { width: 1100, label: 170, row: 38, gap: 26 }

function drawFunnel({ phases }) {
  const box = main.querySelector('[data-funnel]')
  if (!phases.length) return box.replaceChildren(html('p', { class: 'empty' }, 'No events yet: browse the shop and watch them arrive.'))
  const max = Math.max(1, ...phases.map((p) => p.visitors))
  const area = FUNNEL.width - FUNNEL.label - 20
  const center = FUNNEL.label + 20 + area / 2
  const step = FUNNEL.row + FUNNEL.gap
  const height = phases.length * step - FUNNEL.gap
  const rows = phases.map(({ phase, visitors, dropOff }, i) => {
    const y = i * step
    const width = Math.max(3, (visitors / max) * area)
    const inside = width > 110
    const row = svg('g', { 'data-funnel-phase': phase, 'data-visitors': visitors, 'data-drop-off': dropOff },
      svg('text', { x: FUNNEL.label, y: y + FUNNEL.row / 2, class: 'label end' }, phase),
      svg('rect', { x: center - width / 2, y, width, height: FUNNEL.row, rx: 4, fill: visitors ? phaseColor(phase) : OTHER_COLOR },
        svg('title', {}, `${phase}: ${visitors} visitors`)),
      svg('text', { x: inside ? center : center + width / 2 + 8, y: y + FUNNEL.row / 2, class: inside ? 'value inverse middle' : 'value' },
        `${number.format(visitors)} ${visitors === 1 ? 'visitor' : 'visitors'}`),
    )
    if (dropOff != null) {
      const next = phases[i + 1].phase
      // Negative where visitors enter the next phase without passing through this one (a first visit
      // from a review portal is consideration already).
      const text = dropOff < 0 ? `▲ ${percent.format(-dropOff)} more reached ${next}` : `▼ ${percent.format(dropOff)} did not reach ${next}`
      row.append(svg('text', { x: center, y: y + FUNNEL.row + FUNNEL.gap / 2, class: 'note middle' }, text))
    }
    return row
  })
  box.replaceChildren(svg('svg', { viewBox: `0 0 ${FUNNEL.width} ${height}`, role: 'img', 'aria-label': 'Funnel' }, ...rows))
}

const HISTOGRAM = { width: 520, plot: 90, top: 18, bottom: 22 }

function drawHistogram(name, { buckets, median }) {
  const max = Math.max(1, ...buckets.map((b) => b.purchases))
  const slot = HISTOGRAM.width / buckets.length
  const base = HISTOGRAM.top + HISTOGRAM.plot
  const bars = buckets.map(({ label, min, purchases }, i) => {
    const height = (purchases / max) * HISTOGRAM.plot
    const x = i * slot
    return svg('g', { 'data-bucket': label, 'data-min': min, 'data-purchases': purchases },
      svg('rect', { x: x + 3, y: base - height, width: slot - 6, height, rx: 2, class: 'bar' }, svg('title', {}, `${label}: ${purchases} purchases`)),
      purchases ? svg('text', { x: x + slot / 2, y: base - height - 5, class: 'value middle' }, number.format(purchases)) : '',
      svg('text', { x: x + slot / 2, y: base + 15, class: 'axis middle' }, label),
    )
  })
  const box = main.querySelector(`[data-histogram="${name}"]`)
  box.dataset.median = median ?? ''
  box.replaceChildren(svg('svg', { viewBox: `0 0 ${HISTOGRAM.width} ${base + HISTOGRAM.bottom}`, role: 'img', 'aria-label': `${name} before a purchase` },
    svg('line', { x1: 0, x2: HISTOGRAM.width, y1: base, y2: base, class: 'baseline' }), ...bars))
}

function drawPaths(paths) {
  drawHistogram('touchpoints', paths.touchpoints)
  drawHistogram('days', paths.days)
  const summary = main.querySelector('[data-path-summary]')
  summary.dataset.purchases = paths.purchases
  summary.textContent = paths.purchases
    ? `Median: ${number.format(paths.touchpoints.median)} touchpoints, ${number.format(paths.days.median)} days, over ${number.format(paths.purchases)} ${paths.purchases === 1 ? 'purchase' : 'purchases'}.`
    : 'No purchases yet.'
}

const MATRIX = { width: 520, label: 90, head: 26, cell: 86 }

function drawMatrix({ touchpoints, cells }) {
  const cellWidth = (MATRIX.width - MATRIX.label) / 2
  const max = Math.max(1, ...cells.map((c) => c.touchpoints))
  const parts = [
    svg('text', { x: MATRIX.label + cellWidth / 2, y: 16, class: 'label middle' }, 'direct'),
    svg('text', { x: MATRIX.label + cellWidth * 1.5, y: 16, class: 'label middle' }, 'indirect'),
    svg('text', { x: MATRIX.label - 10, y: MATRIX.head + MATRIX.cell / 2, class: 'label end' }, 'digital'),
    svg('text', { x: MATRIX.label - 10, y: MATRIX.head + MATRIX.cell * 1.5, class: 'label end' }, 'analog'),
  ]
  for (const { analog, indirect, touchpoints: n } of cells) {
    const x = MATRIX.label + (indirect ? cellWidth : 0)
    const y = MATRIX.head + (analog ? MATRIX.cell : 0)
    const share = touchpoints ? n / touchpoints : 0
    const opacity = 0.08 + 0.8 * (n / max)
    const ink = opacity > 0.5 ? ' inverse' : ''
    parts.push(svg('g', { 'data-matrix-cell': '', 'data-analog': analog, 'data-indirect': indirect, 'data-touchpoints': n },
      svg('rect', { x: x + 2, y: y + 2, width: cellWidth - 4, height: MATRIX.cell - 4, rx: 4, class: 'cell', 'fill-opacity': opacity }),
      svg('text', { x: x + cellWidth / 2, y: y + MATRIX.cell / 2 - 4, class: `big middle${ink}` }, number.format(n)),
      svg('text', { x: x + cellWidth / 2, y: y + MATRIX.cell / 2 + 18, class: `note middle${ink}` }, percent.format(share)),
    ))
  }
  main.querySelector('[data-matrix]').replaceChildren(
    svg('svg', { viewBox: `0 0 ${MATRIX.width} ${MATRIX.head + 2 * MATRIX.cell}`, role: 'img', 'aria-label': 'Touchpoint matrix' }, ...parts))
}

function drawChannels({ phases, channels }) {
  const max = Math.max(1, ...channels.flatMap((c) => Object.values(c.byPhase)))
  const head = html('tr', {}, html('th', { scope: 'col' }, 'channel'), ...phases.map((phase) => html('th', { scope: 'col' }, phase)))
  const rows = channels.map(({ channel, byPhase }) =>
    html('tr', {}, html('th', { scope: 'row' }, channel), ...phases.map((phase) => {
      const visitors = byPhase[phase] ?? 0
      const cell = html('td', { 'data-channel': channel, 'data-phase': phase, 'data-visitors': visitors }, visitors ? number.format(visitors) : '·')
      // Through the CSSOM, which the page's Content-Security-Policy allows where style attributes are not.
      const share = 0.15 + 0.85 * (visitors / max)
      if (visitors) cell.style.setProperty('--share', String(share))
      if (visitors && share > 0.55) cell.classList.add('strong')
      cell.style.setProperty('--phase', phaseColor(phase))
      return cell
    })))
  const table = main.querySelector('[data-channels]')
  table.replaceChildren(html('thead', {}, head), html('tbody', {}, ...(rows.length ? rows : [html('tr', {}, html('td', { colspan: phases.length + 1, class: 'empty' }, 'No events yet.'))])))
}

const when = (time) => `${day.format(new Date(time))}, ${clock.format(new Date(time))}`

function drawVisitors({ visitors, selected }) {
  const items = visitors.map((v) => {
    const button = html('button', { type: 'button', 'data-visitor': v.anonymousId, 'aria-pressed': v.anonymousId === selected, title: v.anonymousId },
      html('span', { class: 'id' }, v.anonymousId.slice(0, 8)),
      html('span', { class: 'phase' }, v.phase ?? ''),
      html('span', { class: 'meta' }, `${v.events} ${v.events === 1 ? 'event' : 'events'}${v.purchases ? `, ${v.purchases} bought` : ''} · via ${v.channel ?? 'unknown'} · ${when(v.lastSeen)}`),
    )
    button.style.setProperty('--phase', phaseColor(v.phase))
    return html('li', {}, button)
  })
  main.querySelector('[data-visitor-list]').replaceChildren(...(items.length ? items : [html('li', { class: 'empty' }, 'No visitors yet.')]))
}

function drawTimeline({ timeline }) {
  const list = main.querySelector('[data-timeline]')
  list.dataset.anonymousId = timeline?.anonymousId ?? ''
  if (!timeline) return list.replaceChildren()
  const items = []
  let session
  for (const e of timeline.events) {
    if (e.journey?.session !== session) {
      session = e.journey?.session
      items.push(html('li', { class: 'session' }, `session ${session ?? '?'} · via ${e.channel ?? 'unknown'}`))
    }
    const item = html('li', {
      'data-event': e.id, 'data-kind': e.kind, 'data-name': e.name, 'data-path': e.path,
      'data-phase': e.phase, 'data-channel': e.channel, 'data-rule': e.rule, 'data-time': e.time,
    },
      html('time', { datetime: e.time }, when(e.time)),
      html('span', { class: `kind kind-${e.kind}` }, e.kind),
      html('span', { class: 'what', title: e.url ?? '' }, e.kind === 'custom' ? e.name ?? '' : e.path),
      html('span', { class: 'phase' }, e.phase ?? ''),
      html('span', { class: 'channel' }, e.channel ?? ''),
      html('code', { class: 'rule' }, e.rule ?? ''),
    )
    item.style.setProperty('--phase', phaseColor(e.phase))
    items.push(item)
  }
  list.replaceChildren(...items)
}

async function load() {
  const { models, inUse } = await getJson('/api/models')
  // By name only: redrawing the options on every new event would close the list under the viewer's pointer.
  draw('models', { models: models.map((m) => m.model), inUse }, drawModels)
  const query = filterQuery()
  const get = (name, extra = {}) => getJson(`/api/${name}`, new URLSearchParams({ ...Object.fromEntries(query), ...extra }))
  const [totals, funnel, paths, channels, matrix, { visitors }] = await Promise.all([
    get('summary'), get('funnel'), get('paths'), get('channels'), get('matrix'), get('visitors', { limit: String(VISITORS) }),
  ])
  // A journey is read whole, so a visitor the viewer picked stays shown even when the filter hides them.
  const selected = state.visitor ?? visitors[0]?.anonymousId ?? null
  const timeline = selected ? await getJson('/api/timeline', new URLSearchParams({ visitor: selected })) : null
  const phases = (state.phases = funnel.phases.map((p) => p.phase))
  draw('totals', totals, drawTotals)
  draw('funnel', funnel, drawFunnel)
  draw('paths', paths, drawPaths)
  draw('matrix', matrix, drawMatrix)
  draw('channels', channels, drawChannels)
  draw('visitors', { visitors, selected, phases }, drawVisitors)
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
  rememberFilters()
  refresh()
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

restoreFilters()
refresh()
