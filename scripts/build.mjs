// `npm run build` (and `npm ci`, through `prepare`): bundles the entry points, with the
// dependencies they import, into a few JavaScript files under dist/ (esbuild, ~1 s), which
// `npm start`, `npm run worker` and `npm run db:migrate` run with plain node.
//
// A bundle rather than tsc's one file per module because loading modules was most of a start:
// Node reads, resolves and links ~1,000 files for this server (its own ~250 and its
// dependencies'), most of a second of CPU on a 2-core machine; the bundle is a few files
// (`npm run bench:restart` measures the restart). Types are not checked here: `npm run typecheck`.
//
// Kept out of the bundle, loaded from node_modules as usual:
// - better-sqlite3: a native addon;
// - pino: starts transports in worker threads from its own files;
// - @fastify/cookie: loads `cookie` with a dynamic import(), whose CommonJS named exports
//   (stringifySetCookie, parseCookie) a bundle does not give it.
// A dependency that reads its own files at run time (through __dirname, which an ES module does
// not have) is either left out too or listed in OWN_FILES, whose modules get a __dirname that
// points at their real folder in node_modules (@fastify/swagger-ui serves the reference page's
// files from its own folder). test/integration/firstStart.test.ts runs the bundled server.
//
// The files the server reads at run time (package.json, policies/, the SQL migrations) stay in
// the repository: src/paths.ts finds them from the project root, wherever the code runs from.
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);

/** Packages bundled with a __dirname of their own, found when the server starts (see above). */
const OWN_FILES = ['@fastify/swagger-ui', '@fastify/swagger'];

/** Defines __dirname in the modules of the OWN_FILES packages that use it: their real folder. */
const ownFiles = {
  name: 'own-files',
  setup(build) {
    build.onLoad({ filter: /\.js$/ }, ({ path }) => {
      const marker = '/node_modules/';
      const inPackage = path.slice(path.lastIndexOf(marker) + marker.length);
      const owner = OWN_FILES.find((name) => inPackage.startsWith(`${name}/`));
      if (!owner) return undefined;
      const source = readFileSync(path, 'utf8');
      if (!source.includes('__dirname')) return undefined;
      const folder = dirname(inPackage.slice(owner.length + 1));
      // `require` is the bundle's own (the banner below), which resolves from dist/.
      const define =
        `var __dirname = require('node:path').join(require('node:path').dirname(` +
        `require.resolve(${JSON.stringify(owner)})), ${JSON.stringify(folder)});`;
      return { contents: `${define}\n${source}`, loader: 'js' };
    });
  },
};

/** The newest modification time under `path` (a file or a folder), in ms. */
function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(path, { recursive: true })) {
    latest = Math.max(latest, statSync(`${path}/${entry}`).mtimeMs);
  }
  return latest;
}

// `npm start` (prestart) builds only when the sources changed since the last build: a checkout
// that was pulled or edited never starts yesterday's server.
if (process.argv.includes('--if-stale')) {
  const dir = fileURLToPath(root);
  const built = (() => {
    try {
      return statSync(`${dir}dist/server.js`).mtimeMs;
    } catch {
      return 0;
    }
  })();
  const sources = Math.max(
    ...['src', 'package.json', 'package-lock.json', 'scripts/build.mjs'].map((p) => newest(`${dir}${p}`)),
  );
  if (built > sources) process.exit(0);
  process.stdout.write('build: the sources changed since the last build; building\n');
}

// Loaded after the check above, which it would otherwise slow down.
const { build } = await import('esbuild');
const started = performance.now();
const result = await build({
  absWorkingDir: fileURLToPath(root),
  entryPoints: {
    server: 'src/server.ts',
    'cli/worker': 'src/cli/worker.ts',
    'cli/migrate': 'src/cli/migrate.ts',
    'cli/open-numbers': 'src/cli/openNumbers/bin.ts',
  },
  outdir: 'dist',
  bundle: true,
  // What the entry points share, and what they import only when needed (`await import(…)`:
  // pdf-lib, nodemailer), go to chunks of their own: a start does not read those.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['better-sqlite3', 'pino', '@fastify/cookie'],
  plugins: [ownFiles],
  // CommonJS dependencies call require(), which an ES module does not have.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  // Stack traces can name the TypeScript files (`node --enable-source-maps`); the maps point at
  // the sources rather than holding a copy of them.
  sourcemap: true,
  sourcesContent: false,
  logLevel: 'warning',
  metafile: true,
});
// Chunk names change with their content: remove what this build did not write (rather than
// emptying dist/ first, which would leave a moment without a server to start).
const written = new Set(Object.keys(result.metafile.outputs));
for (const file of readdirSync(new URL('dist/', root), { recursive: true })) {
  const path = `dist/${file}`;
  if (!written.has(path) && statSync(new URL(path, root)).isFile()) rmSync(new URL(path, root));
}
process.stdout.write(`build: dist/ in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
