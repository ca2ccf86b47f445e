/**
 * Serves the built web app (web/dist, made by `npm run build:web`). Client-side routes fall
 * back to index.html; API, FHIR and asset paths never do, so an unknown API path is a 404.
 * index.html is sent with this response's CSP style nonce filled in, so the styles the
 * component library writes at run time are allowed and nothing else inline is.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PageNonce } from './security-headers.js';

export const WEB_ROOT = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

const NOT_PAGES = /^\/(api|fhir|assets)\/|^\/(openapi\.json|healthz|readyz)$/;
const NONCE_PLACEHOLDER = '__HAVEN_STYLE_NONCE__';

/** Registers the static files; returns the SPA fallback for the not-found handler, if built. */
export async function registerWebApp(
  app: FastifyInstance,
  pageNonce: PageNonce,
  root = WEB_ROOT,
): Promise<
  ((request: FastifyRequest, reply: FastifyReply) => FastifyReply | undefined) | undefined
> {
  if (!existsSync(`${root}/index.html`)) {
    app.log.warn('web app not built (run npm run build:web); serving the API only');
    return undefined;
  }
  const page = readFileSync(`${root}/index.html`, 'utf8');
  await app.register(fastifyStatic, {
    root,
    wildcard: false,
    index: false,
    schemaHide: true,
  });
  return (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const wantsPage =
      request.method === 'GET' &&
      !NOT_PAGES.test(path) &&
      (request.headers.accept ?? '').includes('text/html');
    if (!wantsPage) return undefined;
    const nonce = pageNonce(reply);
    return reply.type('text/html; charset=utf-8').send(page.replaceAll(NONCE_PLACEHOLDER, nonce));
  };
}
