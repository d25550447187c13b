/**
 * Splits serialised events, in order, into runs of at most `maxEvents` events and `maxBytes` bytes,
 * counting a separator after each event. An event larger than `maxBytes` is a run of its own.
 * @param events serialised events
 * @param maxEvents most events in one run
 * @param maxBytes most bytes in one run
 */
export const splitEvents = (events: string[], maxEvents: number, maxBytes: number): string[][] => {
  const runs: string[][] = []
  let run: string[] = []
  let bytes = 0
  for (const e of events) {
    if (run.length && (run.length >= maxEvents || bytes + e.length > maxBytes)) {
      runs.push(run)
      run = []
      bytes = 0
    }
    run.push(e)
    bytes += e.length + 1
  }
  if (run.length) runs.push(run)
  return runs
}
