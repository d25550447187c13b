// The funnel: for each phase, the customers who reached it, who went on, and who came in without the
// phase before.
import { html, setVar } from './dom.js'
import { count, number, percent, phaseName } from './words.js'

/** What happened after a phase, in words. */
function after(p, next) {
  if (p.wentOn == null || !p.customers) return ''
  // The phase of the purchase itself: a later phase needs a later visit, so not going on is no loss.
  if (next?.afterPurchase && !p.afterPurchase) {
    return p.wentOn ? `${number.format(p.wentOn)} of ${count(p.customers, 'customer')} here came back after buying.` : `None of them has come back after buying yet.`
  }
  const stayed = p.customers - p.wentOn
  return `${percent.format(p.wentOn / p.customers)} went on to a later phase (${number.format(p.wentOn)} of ${number.format(p.customers)})${stayed ? `; ${number.format(stayed)} did not, so far` : ''}.`
}

/**
 * Draws the funnel into `box`.
 * @param {Element} box
 * @param {object} funnel the answer of /api/funnel
 * @param {(phase: string) => string} color
 */
export function drawFunnel(box, { phases, buyers }, color) {
  if (!phases.length) return box.replaceChildren(html('p', { class: 'empty' }, 'No events yet: browse the shop and watch them arrive.'))
  const max = Math.max(1, ...phases.map((p) => p.customers))
  const rows = phases.map((p, i) => {
    const before = phases[i - 1]
    const lines = []
    if (p.notYet) lines.push(`Not yet: this comes with a visit after a purchase, and none of the ${count(buyers, 'buyer')} has been back since.`)
    else if (!p.customers) lines.push('Nobody reached this phase.')
    else {
      const went = after(p, phases[i + 1])
      if (went) lines.push(went)
      if (p.skippedIn) lines.push(`${number.format(p.skippedIn)} came in without ${phaseName(before.phase)}.`)
    }
    const row = html('li', {
      'data-funnel-phase': p.phase, 'data-customers': p.customers, 'data-went-on': p.wentOn, 'data-skipped-in': p.skippedIn, 'data-not-yet': p.notYet,
      class: p.notYet ? 'not-yet' : null,
    },
      html('div', { class: 'name' }, html('strong', {}, phaseName(p.phase)), p.means ? html('span', {}, p.means) : ''),
      html('div', { class: 'track' }, html('span', { class: 'fill' }), html('span', { class: 'count' }, p.notYet ? 'not yet' : count(p.customers, 'customer'))),
      html('p', { class: 'flow' }, lines.join(' ')),
    )
    setVar(row, '--phase', color(p.phase))
    return setVar(row, '--share', p.customers / max)
  })
  box.replaceChildren(html('ol', { class: 'funnel' }, ...rows))
}
