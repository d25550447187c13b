// Median (min–max) cells for the tables.
export const median = (xs) => {
  const s = xs.filter((x) => x != null && !Number.isNaN(x)).sort((a, b) => a - b)
  if (!s.length) return null
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

export const cell = (xs, digits = 1) => {
  const v = xs.filter((x) => x != null && !Number.isNaN(x))
  if (!v.length) return 'n/a'
  const lo = Math.min(...v)
  const hi = Math.max(...v)
  const f = (x) => x.toFixed(digits)
  return (lo == hi ? f(lo) : `${f(median(v))} (${f(lo)}–${f(hi)})`) + (v.length < xs.length ? ` [${v.length}/${xs.length} runs]` : '')
}

export const kb = (bytes) => (bytes / 1024).toFixed(1)
export const num = (n) => n.toLocaleString('en-US')
