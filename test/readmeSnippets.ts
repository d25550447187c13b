// Reads the README's code blocks, for the tests that run every one of them.
import { readFileSync } from 'node:fs'

export interface Snippet {
  lang: string
  info: string
  body: string
  /** 1-based line of the opening fence, for messages. */
  line: number
}

export const readmeSnippets = (file = 'README.md'): Snippet[] => {
  const lines = readFileSync(file, 'utf8').split('\n')
  const out: Snippet[] = []
  for (let i = 0; i < lines.length; i++) {
    const open = lines[i].match(/^```(\w+)(.*)$/)
    if (!open) continue
    const start = i
    const body: string[] = []
    while (++i < lines.length && lines[i] != '```') body.push(lines[i])
    out.push({ lang: open[1], info: open[2].trim(), body: body.join('\n'), line: start + 1 })
  }
  return out
}
