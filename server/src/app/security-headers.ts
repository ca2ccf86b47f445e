/**
 * Headers on every response: a strict Content-Security-Policy (our own scripts, styles and
 * images only; no framing), nosniff, a no-referrer policy, and in production HSTS (SEC-1).
 * Responses are `Cache-Control: no-store` unless they are content-hashed static assets of the
 * web app, which carry no health data: nothing a browser or proxy keeps can hold a record.
 *
 * helmet's middleware is built once, at start. (@fastify/helmet, used before, builds it anew on
 * every response so that it can put a fresh CSP nonce in it: about 3 % of the CPU of a FHIR read,
 * for a nonce only the web app's page uses. The page sets its own policy with its nonce.)
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

export interface SecurityHeaderOptions {
  production: boolean;
}

/**
 * Gives one response of the web app's page its own style nonce: sets that response's policy to
 * allow it, and returns it for the page to carry (web-app.ts).
 */
export type PageNonce = (reply: FastifyReply) => string;

const IMMUTABLE_ASSET = /^\/assets\/[\w.-]+-[\w-]{8,}\.(js|css|woff2|svg|png)$/;

type ContentSecurityPolicy = Exclude<HelmetOptions['contentSecurityPolicy'], boolean | undefined>;

function contentSecurityPolicy(production: boolean, styleNonce?: string): ContentSecurityPolicy {
  return {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: styleNonce ? ["'self'", `'nonce-${styleNonce}'`] : ["'self'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      ...(production ? { upgradeInsecureRequests: [] } : {}),
    },
  };
}

export function registerSecurityHeaders(
  app: FastifyInstance,
  options: SecurityHeaderOptions,
): PageNonce {
  const setHeaders = helmet({
    contentSecurityPolicy: contentSecurityPolicy(options.production),
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: options.production
      ? { maxAge: 63_072_000, includeSubDomains: true }
      : false,
    crossOriginEmbedderPolicy: true,
  });
  app.addHook('onRequest', (request, reply, done) => {
    setHeaders(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined));
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const path = request.url.split('?')[0] ?? '';
    if (IMMUTABLE_ASSET.test(path) && reply.statusCode === 200) {
      void reply.header('cache-control', 'public, max-age=31536000, immutable');
    } else {
      void reply.header('cache-control', 'no-store');
      void reply.header('pragma', 'no-cache');
    }
    return payload;
  });

  return (reply) => {
    // A fresh nonce per page: the component library (Mantine) writes its theme variables in
    // <style> tags, which carry it (web/src/theme.ts); nothing else inline is allowed.
    const nonce = randomBytes(16).toString('hex');
    const policy = helmet.contentSecurityPolicy(contentSecurityPolicy(options.production, nonce));
    // helmet throws a bad policy itself; one handed to the callback instead is thrown too.
    policy(reply.request.raw, reply.raw, (error?: Error) => {
      if (error) throw error;
    });
    return nonce;
  };
}
