/**
 * The data- attribute a script tag gives an option as: `batchSize` is `data-batch-size`.
 * @param key the option's name
 */
export const dataAttribute = (key: string) => 'data-' + key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())
