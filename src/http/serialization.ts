import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import { compileLater } from './compileLater.js';

const fastifyDefault = SerializerSelector();
type Serializer = ReturnType<ReturnType<typeof fastifyDefault>>;

/** Compiled serializers by shared schemas and options, then by route schema (all as JSON text). */
const compiled = new Map<string, Map<string, Serializer>>();

/**
 * Fastify's own response serializers (fast-json-stringify), each compiled once per schema, on
 * first use (./compileLater.ts). Fastify compiles one per route and status, but most are the same
 * schema again (every route declares the same error answers: 487 response schemas are 72
 * different ones), and then again for the next app (tests build many). Fastify asks for a
 * compiler per plugin scope; they all share one cache as long as their shared schemas (none
 * here) and options are the same.
 */
export const buildSerializer: typeof fastifyDefault = (externalSchemas, options) => {
  const compile = fastifyDefault(externalSchemas, options);
  const scope = JSON.stringify([externalSchemas ?? {}, options ?? {}]);
  let cache = compiled.get(scope);
  if (!cache) {
    cache = new Map();
    compiled.set(scope, cache);
  }
  const serializers = cache;
  return (route) => {
    const key = JSON.stringify(route.schema);
    let serialize = serializers.get(key);
    if (!serialize) {
      const serializer = compileLater(() => compile(route));
      serialize = (doc) => serializer()(doc);
      serializers.set(key, serialize);
    }
    return serialize;
  };
};
