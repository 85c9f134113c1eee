/**
 * Finds inputs that make a schema's `pattern` backtrack: candidates of the shape
 * prefix + run × n + tail, built from the pattern's own literal characters, are timed locally at
 * two lengths, and those whose time grows faster than linearly are kept. The fuzzer then sends
 * the worst of them at full length, instead of hoping a random string hits it.
 */
export interface RegexAttack {
  prefix: string;
  run: string;
  tail: string;
}

const cache = new Map<string, RegexAttack[]>();

function literalsOf(pattern: string): string[] {
  const stripped = pattern.replace(/\\[sSdDwWbB]/g, '').replace(/\\(.)/g, '$1');
  return [...new Set(stripped.replace(/[\^$()[\]{}*?|0-9a-zA-Z]/g, ''))];
}

function timeMs(re: RegExp, input: string): number {
  const started = performance.now();
  re.test(input);
  return performance.now() - started;
}

export function slowInputsFor(pattern: string): RegexAttack[] {
  const cached = cache.get(pattern);
  if (cached) return cached;
  let re: RegExp;
  try {
    re = new RegExp(pattern, 'u'); // as Ajv compiles it
  } catch {
    cache.set(pattern, []);
    return [];
  }
  const literals = literalsOf(pattern);
  const pool = [...new Set([...literals, 'a', '0', ' ', '.', '-'])];
  const found: (RegexAttack & { ms: number })[] = [];
  for (const prefix of ['', 'a', ...literals.map((l) => `a${l}`), ...literals.map((l) => `a${l}a`)]) {
    for (const run of pool) {
      for (const tail of [...literals, ' ', '!', '\n']) {
        const small = timeMs(re, prefix + run.repeat(1000) + tail);
        if (small < 0.2) continue; // linear inputs finish in microseconds
        const large = timeMs(re, prefix + run.repeat(2000) + tail);
        if (large > small * 2.5) found.push({ prefix, run, tail, ms: large });
      }
    }
  }
  const attacks = found.sort((a, b) => b.ms - a.ms).slice(0, 8);
  cache.set(pattern, attacks);
  return attacks;
}
