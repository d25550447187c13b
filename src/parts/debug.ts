// Knowledge file: debug output, loaded only with `debug`.

/**
 * Prints one line, or a collapsed group with the details inside.
 * @param message the title
 * @param detail what the group holds
 */
export const print = (message: string, detail?: unknown) => {
  if (detail === undefined) return console.info('[waymark] ' + message)
  console.groupCollapsed('[waymark] ' + message)
  console.log(detail)
  console.groupEnd()
}
