import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

// `import 'waymark'` resolves to this repository's package (a package may import itself by name),
// so the example uses exactly what `npm install waymark` gives an app: run `npm run build` first.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2020' },
})
