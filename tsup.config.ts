import { defineConfig } from 'tsup'

export default defineConfig([
  {
    entry: ['src/index.ts', 'src/vitals.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    target: 'es2020',
    platform: 'browser',
    sourcemap: false,
  },
  {
    // The script-tag build: one self-contained, minified file that starts a tracker on load.
    entry: { waymark: 'src/global.ts' },
    format: ['iife'],
    minify: true,
    target: 'es2020',
    platform: 'browser',
    noExternal: ['idb-keyval'],
    outExtension: () => ({ js: '.global.js' }),
    esbuildOptions(o) {
      // Private fields start with `_`: let esbuild shorten them in the shipped file.
      o.mangleProps = /^_/
    },
  },
])
