// Runs the unit tests of the UI's pure modules (`src/**/*.test.ts`) with no browser: Vite
// compiles them for Node, then Node's own test runner (`node:test`) runs them.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');
const out = join(root, 'node_modules', '.unit-tests');

const tests = readdirSync(src, { recursive: true })
  .map(String)
  .filter((file) => file.endsWith('.test.ts'))
  .map((file) => file.slice(0, -'.ts'.length));
if (tests.length === 0) {
  console.error(`No *.test.ts under ${src}.`);
  process.exit(1);
}

await build({
  configFile: false,
  root,
  logLevel: 'warn',
  build: {
    ssr: true,
    outDir: out,
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    rolldownOptions: {
      input: Object.fromEntries(tests.map((name) => [name, join(src, `${name}.ts`)])),
      output: { entryFileNames: '[name].js' },
    },
  },
});

const files = tests.map((name) => join(out, `${name}.js`));
const run = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...files], {
  stdio: 'inherit',
});
process.exit(run.status ?? 1);
