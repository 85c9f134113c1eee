import type { InventoryScope } from './port.js';

type ScopeOf<M> = M extends (...args: infer A) => unknown
  ? (...args: A) => InventoryScope | undefined
  : never;

/**
 * A copy of `port` whose listed methods first ensure that the inventory groups they read are
 * loaded (`scopes`: what each reads, from its arguments; undefined: nothing to wait for).
 * modules.ts lists every such method of every port in one place.
 */
export function afterLoading<P extends object>(
  port: P,
  ensure: (scope: InventoryScope) => Promise<void>,
  scopes: { [K in keyof P]?: ScopeOf<P[K]> },
): P {
  const wrapped = { ...port } as Record<string, unknown>;
  for (const [name, scopeOf] of Object.entries(scopes) as Array<
    [string, (...args: unknown[]) => InventoryScope | undefined]
  >) {
    const method = (port as Record<string, (...args: unknown[]) => Promise<unknown>>)[name];
    wrapped[name] = async (...args: unknown[]) => {
      const scope = scopeOf(...args);
      if (scope) await ensure(scope);
      return method(...args);
    };
  }
  return wrapped as P;
}
