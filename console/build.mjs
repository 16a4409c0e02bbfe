// Bundles the console into dist/: one ES module (the app and jsdiff), its stylesheet, page and
// config. Nothing is fetched at run time (ADR 0054).
import { build } from 'esbuild';
import { cpSync, mkdirSync, rmSync } from 'node:fs';

const out = 'dist';
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await build({
  entryPoints: ['src/main.js'],
  outfile: `${out}/app.js`,
  bundle: true,
  format: 'esm',
  target: ['es2022'],
  minify: true,
  sourcemap: true,
  legalComments: 'linked',
  logLevel: 'warning',
});
for (const file of ['index.html', 'app.css', 'config.json']) cpSync(`src/${file}`, `${out}/${file}`);
