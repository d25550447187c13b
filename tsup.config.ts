import { defineConfig } from 'tsup'

// The npm build. The script tag (the core and its knowledge files) is built by scripts/buildTag.mjs.
export default defineConfig({
  entry: ['src/index.ts', 'src/vitals.ts', 'src/shopify.ts'],
  format: ['esm', 'cjs'],
  // `npm start` needs no type declarations, and the demo should be up in seconds.
  dts: !process.env.WAYMARK_NO_DTS,
  target: 'es2020',
  platform: 'browser',
  sourcemap: false,
  // The knowledge files are dynamic imports: chunks of their own, which the app's bundler splits off.
  splitting: true,
  treeshake: true,
  define: { __WAYMARK_TAG__: 'false' },
})
