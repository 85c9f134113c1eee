import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Route schemas are compiled when first used, not when an app starts: compiling this API's
 * validators (Ajv) and response serializers (fast-json-stringify), even once per distinct schema,
 * was a quarter of a restart. A server compiles them all once it listens ({@link compileAhead}),
 * one per turn of the event loop, so that neither the start nor the first request of a route
 * waits for them.
 *
 * A schema that does not compile fails its route's requests (500) instead of the start; the test
 * suites run every route, and compileAhead reports it at start.
 */

const pending = new Set<() => unknown>();

/** `compile`, run on the first call of the returned function, whose result every call returns. */
export function compileLater<T>(compile: () => T): () => T {
  let compiled: { value: T } | undefined;
  const get = (): T => {
    if (!compiled) {
      compiled = { value: compile() };
      pending.delete(get);
    }
    return compiled.value;
  };
  pending.add(get);
  return get;
}

/**
 * Compiles everything {@link compileLater} still holds, one item per turn of the event loop.
 * Resolves with the errors of those that failed (their routes answer 500).
 */
export async function compileAhead(): Promise<Error[]> {
  const failed: Error[] = [];
  for (const get of [...pending]) {
    await nextTurn();
    try {
      get();
    } catch (error) {
      pending.delete(get);
      failed.push(error as Error);
    }
  }
  return failed;
}
