import { existsSync, readFileSync } from 'node:fs';

/**
 * Where the files the server reads at run time live: package.json, the shipped policies and the
 * SQL migrations. The code runs from `src/` (tsx: tests, `npm run dev`) or bundled into `dist/`
 * (`npm start`, scripts/build.mjs), where every module shares the bundle's `import.meta.url`. So
 * no module finds a file from its own location: the project root is the nearest folder above this
 * module whose package.json is this project's, and every path below starts there. The files stay
 * where they are in the repository; `dist/` holds only JavaScript.
 */

const PACKAGE_NAME = 'open-numbers';

interface PackageJson {
  name?: string;
  version?: string;
}

function findRoot(from: URL): { root: URL; packageJson: PackageJson } {
  for (let dir = from; ; ) {
    const file = new URL('package.json', dir);
    if (existsSync(file)) {
      const packageJson = JSON.parse(readFileSync(file, 'utf8')) as PackageJson;
      if (packageJson.name === PACKAGE_NAME) return { root: dir, packageJson };
    }
    const parent = new URL('..', dir);
    if (parent.href === dir.href) {
      throw new Error(`no package.json of ${PACKAGE_NAME} in any folder above ${from.pathname}`);
    }
    dir = parent;
  }
}

const found = findRoot(new URL('.', import.meta.url));

/** The project root (the folder of package.json), ending in `/`. */
export const PROJECT_ROOT: URL = found.root;

/** The server's version (package.json). */
export const VERSION: string = found.packageJson.version ?? '0.0.0';

/** The shipped KYC policy files (`policies/*.json`). */
export const POLICY_DIR: URL = new URL('policies/', PROJECT_ROOT);

/** The shipped attachment templates (`policies/templates/`). */
export const TEMPLATE_DIR: URL = new URL('policies/templates/', PROJECT_ROOT);

/** The numbered SQL migrations of each store (`0001_init.sql`, …). */
export const MIGRATIONS_DIR = {
  sqlite: new URL('src/store/sqlite/migrations/', PROJECT_ROOT),
  postgres: new URL('src/store/postgres/migrations/', PROJECT_ROOT),
} as const;

/** The web console's style sheet (`src/console/assets/`); htmx is read from its package. */
export const CONSOLE_ASSETS_DIR: URL = new URL('src/console/assets/', PROJECT_ROOT);
