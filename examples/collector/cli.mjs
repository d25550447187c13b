#!/usr/bin/env node
// Runs the reference collector: `node cli.mjs [--port 8787] [--data ./data]`.
import { parseArgs } from 'node:util'
import { startCollector } from './server.mjs'

const { values } = parseArgs({ options: { port: { type: 'string', default: '8787' }, host: { type: 'string', default: '127.0.0.1' }, data: { type: 'string', default: '.data' } } })
const collector = await startCollector({ port: Number(values.port), host: values.host, dataDir: values.data })
console.log(`waymark collector on ${collector.url}/e, dashboard on ${collector.url}/ (data in ${values.data})`)
const stop = () => collector.close().then(() => process.exit(0))
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
