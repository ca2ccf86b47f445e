/**
 * Serves the built web app (web/dist, made by `npm run build:web`). Client-side routes fall
 * back to index.html; API, FHIR and asset paths never do, so an unknown API path is a 404.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export const WEB_ROOT = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

const NOT_PAGES = /^\/(api|fhir|assets)\/|^\/(openapi\.json|healthz|readyz)$/;

/** Registers the static files; returns the SPA fallback for the not-found handler, if built. */
export async function registerWebApp(
  app: FastifyInstance,
  root = WEB_ROOT,
): Promise<
  ((request: FastifyRequest, reply: FastifyReply) => FastifyReply | undefined) | undefined
> {
  if (!existsSync(`${root}/index.html`)) {
    app.log.warn('web app not built (run npm run build:web); serving the API only');
    return undefined;
  }
  await app.register(fastifyStatic, {
    root,
    wildcard: false,
    index: 'index.html',
    schemaHide: true,
  });
  return (request, reply) => {
    const wantsPage =
      request.method === 'GET' &&
      !NOT_PAGES.test(request.url) &&
      (request.headers.accept ?? '').includes('text/html');
    return wantsPage ? reply.type('text/html').sendFile('index.html') : undefined;
  };
}
