import { existsSync } from 'node:fs';

/**
 * The Chromium the browser tests drive (playwright-core): CHROMIUM_PATH (scripts/run-tests.sh
 * sets it from scripts/ensure-chromium.sh), else Debian's /usr/bin/chromium.
 */
export function chromiumPath(): string | undefined {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) return configured;
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
}

/**
 * Why a browser test cannot run here (a `skip` reason), or false when it can. In CI a missing
 * Chromium is an error, not a skip.
 */
export function browserSkipReason(): string | false {
  if (process.env.OPEN_NUMBERS_SKIP_BROWSER_TESTS !== '1' && chromiumPath()) return false;
  const reason = 'NO CHROMIUM: run scripts/ensure-chromium.sh (or set CHROMIUM_PATH); browser test skipped';
  if (process.env.CI) throw new Error(`${reason} — CI must run it`);
  console.error(`\n*** ${reason} ***\n`);
  return reason;
}
