// Building the page's elements. Values from the events go in only as text and attribute values,
// never as markup: anyone can post events.

const SVG_NS = 'http://www.w3.org/2000/svg'

const build = (node, attrs, children) => {
  for (const [name, value] of Object.entries(attrs)) if (value != null) node.setAttribute(name, String(value))
  node.append(...children)
  return node
}

/** An HTML element with attributes (null ones left out) and children (strings become text). */
export const html = (tag, attrs = {}, ...children) => build(document.createElement(tag), attrs, children)

/** The same for SVG. */
export const svg = (tag, attrs = {}, ...children) => build(document.createElementNS(SVG_NS, tag), attrs, children)

/**
 * Sets a custom property through the CSSOM, which the page's Content-Security-Policy allows where
 * style attributes are not.
 */
export const setVar = (el, name, value) => (el.style.setProperty(name, String(value)), el)
