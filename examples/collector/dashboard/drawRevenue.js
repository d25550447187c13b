// The model comparison: revenue (one currency at a time) or orders per channel, under each
// attribution model side by side, with what the data-driven model rests on.
import { html, setVar } from './dom.js'
import { ATTRIBUTION, channelName, count, money, number, orders } from './words.js'

/** The views there are: each currency's revenue, most orders first, then orders. */
const revenueViews = (revenue) => [...revenue.currencies.map((c) => c.currency), 'orders']

/**
 * Draws the comparison into its section.
 * @param {Element} section holds `[data-revenue-views]`, `[data-revenue]` and `[data-revenue-notes]`
 * @param {object} revenue the answer of /api/revenue
 * @param {string} show a currency, or `orders`; the first view there is when it is not one
 * @returns {string} the view drawn
 */
export function drawRevenue(section, revenue, show) {
  const views = revenueViews(revenue)
  const view = views.includes(show) ? show : views[0]
  const currency = revenue.currencies.find((c) => c.currency === view)
  const values = currency ? currency.byModel : revenue.ordersByModel
  const format = currency ? (v) => money(v, currency.currency, currency.digits) : (v) => orders.format(v)

  section.querySelector('[data-revenue-views]').replaceChildren(
    ...views.map((v) => html('button', { type: 'button', 'data-show': v, 'aria-pressed': v === view }, v === 'orders' ? 'Orders' : `Revenue in ${v}`)),
  )

  const { models } = revenue
  const sumOf = (channel) => models.reduce((n, m) => n + (values[m][channel] ?? 0), 0)
  const channels = [...new Set(models.flatMap((m) => Object.keys(values[m])))].sort((a, b) => sumOf(b) - sumOf(a) || a.localeCompare(b))
  const max = Math.max(1e-9, ...models.flatMap((m) => Object.values(values[m])))
  const head = html('tr', {}, html('th', { scope: 'col' }, 'Channel'), ...models.map((m) => html('th', { scope: 'col', title: ATTRIBUTION[m]?.[1] }, ATTRIBUTION[m]?.[0] ?? m)))
  const rows = channels.map((channel) =>
    html('tr', {}, html('th', { scope: 'row', title: channel }, channelName(channel)), ...models.map((m) => {
      const v = values[m][channel] ?? 0
      // The model's name in each cell too, for the phone layout, which lays a channel's row out as a list.
      const cell = html('td', { 'data-channel': channel, 'data-model': m, 'data-value': v, 'data-label': ATTRIBUTION[m]?.[0] ?? m },
        html('span', { class: 'amount' }, v ? format(v) : '·'), html('span', { class: 'bar' }))
      return setVar(cell, '--share', v / max)
    })))
  const total = currency ? currency.total : revenue.orders
  const foot = html('tr', {}, html('th', { scope: 'row' }, 'Total'),
    ...models.map((m) => html('td', { 'data-total-of': m, 'data-value': currency ? Object.values(values[m]).reduce((n, v) => n + v, 0) : total, 'data-label': ATTRIBUTION[m]?.[0] ?? m }, format(total))))
  const table = section.querySelector('[data-revenue]')
  table.dataset.show = view ?? ''
  table.replaceChildren(html('thead', {}, head), html('tbody', {}, ...(rows.length ? rows : [html('tr', {}, html('td', { colspan: models.length + 1, class: 'empty' }, 'No orders yet.'))])), html('tfoot', {}, foot))

  const notes = []
  const dd = revenue.dataDriven
  const basis = `${count(dd.journeys, 'journey')}, ${number.format(dd.converting)} of them with a purchase: all stored journeys${dd.site ? ' of this site' : ''}, whatever the dates`
  notes.push(html('p', { 'data-driven-basis': '', 'data-journeys': dd.journeys, 'data-converting': dd.converting, 'data-enough': dd.enough, class: dd.enough ? null : 'warn' },
    !dd.credit
      ? 'Data-driven: there is no journey with a purchase yet to learn from.'
      : dd.enough
        ? `Data-driven rests on ${basis}.`
        : `Data-driven rests on ${basis}. Fewer than ${number.format(dd.minimum)} with a purchase are too few to trust: each new order can move its shares by a point or more.`))
  if (currency) notes.push(html('p', {}, `${count(currency.orders, 'order')} in ${currency.currency}; each model splits every order's value among the channels on its way, to the cent, so every column adds up to the same total.`))
  // Stitching re-credits an order only where the customer came on another browser since their previous order.
  notes.push(html('p', { 'data-stitched': revenue.stitched }, revenue.stitched
    ? `${count(revenue.stitched, 'order')} credited over the customer's whole way here, across their browsers and devices: every visit since their previous order, on any of them. The others, over the visits of the browser they were placed in.`
    : 'Every order is credited over the visits of the browser it was placed in: none of these customers came on another browser before buying.'))
  if (revenue.withoutValue) notes.push(html('p', { 'data-without-value': revenue.withoutValue }, `${count(revenue.withoutValue, 'order')} without a value or currency: counted under Orders, not under revenue.`))
  section.querySelector('[data-revenue-notes]').replaceChildren(...notes)
  return view
}
