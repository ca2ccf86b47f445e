/**
 * Headers on every response: a strict Content-Security-Policy (our own scripts, styles and
 * images only; no framing), nosniff, a no-referrer policy, and in production HSTS (SEC-1).
 * Responses are `Cache-Control: no-store` unless they are content-hashed static assets of the
 * web app, which carry no health data: nothing a browser or proxy keeps can hold a record.
 */
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

export interface SecurityHeaderOptions {
  production: boolean;
}

const IMMUTABLE_ASSET = /^\/assets\/[\w.-]+-[\w-]{8,}\.(js|css|woff2|svg|png)$/;

export async function registerSecurityHeaders(
  app: FastifyInstance,
  options: SecurityHeaderOptions,
): Promise<void> {
  await app.register(helmet, {
    global: true,
    // A fresh nonce per response for style-src: the web app's component library (Mantine)
    // writes its theme variables in <style> tags, which carry this nonce (see web-app.ts).
    enableCSPNonces: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(options.production ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: options.production
      ? { maxAge: 63_072_000, includeSubDomains: true }
      : false,
    crossOriginEmbedderPolicy: true,
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
}
