// Calls a page sent unclassified (its page went away before the knowledge they needed arrived, or
// that knowledge did not load) are classified here, with the SDK's own step.
import { classifyPending } from './waymark.mjs'

/**
 * Classifies the unclassified events of a batch as the tracker would have, and leaves the others as
 * they are. A classified one keeps a note that the collector classified it (its run and place, not
 * the journey state it carried), so that the browser's own classification, when a later page of
 * the visitor sends it, can take its place. A call that repeats what its page already recorded
 * gives no event, as in the tracker.
 * @param {{ batch: object[] }} batch a checked batch
 * @returns the same batch, its events classified
 */
export function classifyCaptures(batch) {
  const pending = batch.batch.filter((e) => e.unclassified)
  if (!pending.length) return batch
  let classified = []
  try {
    classified = classifyPending(pending)
  } catch {
    // A state the SDK cannot read: the calls are kept as they came, unclassified.
    return batch
  }
  const byId = new Map(classified.map((e) => [e.id, e]))
  const note = new Map(pending.map((e) => [e.id, { run: e.unclassified.run, seq: e.unclassified.seq, by: 'collector' }]))
  return {
    ...batch,
    batch: batch.batch.flatMap((e) => (!e.unclassified ? [e] : byId.has(e.id) ? [{ ...byId.get(e.id), unclassified: note.get(e.id) }] : [])),
  }
}
