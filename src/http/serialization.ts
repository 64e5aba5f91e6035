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
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';

type Factory = ReturnType<typeof SerializerSelector>;
type Compiler = ReturnType<Factory>;
type Serializer = ReturnType<Compiler>;

const buildDefault = SerializerSelector();
const pending = new Set<() => Serializer>();

/** For Fastify's `schemaController.compilersFactory.buildSerializer`. */
export const buildLazySerializer: Factory = (externalSchemas, options) => {
  const compile = buildDefault(externalSchemas, options);
  return (route) => {
    let compiled: Serializer | undefined;
    const compileNow = (): Serializer => {
      pending.delete(compileNow);
      return (compiled ??= compile(route));
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
