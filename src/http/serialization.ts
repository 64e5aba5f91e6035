/**
 * Response serialisers compiled on a route's first answer instead of at start-up. Fastify compiles
 * one fast-json-stringify function per route and status code while it gets ready; a CPU profile of
 * a restart put that at a fifth of the time to "ready" (fast-json-stringify and the schema
 * resolution under it), for routes most of which a server that just restarted does not answer for
 * a while. The functions are Fastify's own (its default compiler, with the shared schemas), only
 * later.
 *
 * A schema that cannot be compiled would then fail on its route's first answer rather than at
 * start-up: `compileEverySerializer` compiles whatever is still pending, and a test calls it on the
 * whole app.
 */
import { createRequire } from 'node:module';
import type { SerializerSelector } from '@fastify/fast-json-stringify-compiler';

type Factory = ReturnType<typeof SerializerSelector>;
type Compiler = ReturnType<Factory>;
type Serializer = ReturnType<Compiler>;

const pending = new Set<() => Serializer>();
let defaultFactory: Factory | undefined;

/**
 * Fastify's default compiler, loaded on the first compilation: fast-json-stringify brings Ajv and
 * its formats (about a hundred modules) that a server which has not answered yet does not need.
 * A CommonJS package, so it can be required where a synchronous compiler needs it.
 */
function buildDefault(): Factory {
  if (defaultFactory) return defaultFactory;
  const { SerializerSelector: selector } = createRequire(import.meta.url)('@fastify/fast-json-stringify-compiler') as {
    SerializerSelector: typeof SerializerSelector;
  };
  return (defaultFactory = selector());
}

/** For Fastify's `schemaController.compilersFactory.buildSerializer`. */
export const buildLazySerializer: Factory = (externalSchemas, options) => {
  let compiler: Compiler | undefined;
  return (route) => {
    let compiled: Serializer | undefined;
    const compileNow = (): Serializer => {
      pending.delete(compileNow);
      return (compiled ??= (compiler ??= buildDefault()(externalSchemas, options))(route));
    };
    pending.add(compileNow);
    return (data) => (compiled ?? compileNow())(data);
  };
};

/** Compiles every serialiser not compiled yet; throws what the first that cannot be compiled throws. */
export function compileEverySerializer(): number {
  const waiting = [...pending];
  for (const compileNow of waiting) compileNow();
  return waiting.length;
}
