#!/usr/bin/env node
// Runs the compiled CLI; `npm install` builds it (the `prepare` script).
import { existsSync } from 'node:fs';
const cli = new URL('../dist/src/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('theorem-harness: not built yet; run `npm install` (or `npm run build`) in the project folder first.\n');
  process.exit(2);
}
await import(cli.href);
