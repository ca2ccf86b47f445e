/** Registers identity on the app: the session/CSRF plugin and the identity routes. */
import type { FastifyInstance } from 'fastify';
import type { HavenConfig } from '../config/settings.js';
import { servesTls } from '../config/tls-policy.js';
import type { Keyring } from '../crypto/index.js';
import { AuditWriter } from '../audit/index.js';
import type { HavenDatabase } from '../db/database.js';
import { registerAuth } from './http/auth-plugin.js';
import type { IdentityDeps } from './identity-deps.js';
import { registerAccountRoutes } from './routes/account-routes.js';
import { registerAuthRoutes, type IdentityRouteOptions } from './routes/auth-routes.js';
import { registerMfaRoutes } from './routes/mfa-routes.js';
import { registerEnrolmentRoutes } from './routes/enrolment-routes.js';
import { registerPracticePolicyRoutes } from './routes/practice-policy-routes.js';
import { registerProxyRoutes } from './proxy-routes/proxy-routes.js';
import { registerStaffRoutes } from './staff/index.js';

/** The address people reach Haven at: the configured public URL, else the listen address. */
export function publicUrlOf(config: HavenConfig): string {
  const scheme = servesTls(config) ? 'https' : 'http';
  return (config.publicUrl ?? `${scheme}://${config.host}:${config.port}`).replace(/\/$/, '');
}

export async function registerIdentity(
  app: FastifyInstance,
  config: HavenConfig,
  db: HavenDatabase,
  keyring: Keyring,
  now: () => Date = () => new Date(),
): Promise<IdentityRouteOptions> {
  const publicUrl = publicUrlOf(config);
  // Reads through the gate are audited by this writer: requests running at once share its
  // transactions. Closing the app waits for what it holds.
  const auditWriter = new AuditWriter(db);
  app.addHook('onClose', () => auditWriter.flush());
  const deps: IdentityDeps = { db, keyring, publicUrl, now, auditWriter };
  const secureCookies = config.mode === 'production' || servesTls(config);
  const url = new URL(publicUrl);
  const options: IdentityRouteOptions = {
    deps,
    secureCookies,
    relyingParty: { rpId: url.hostname, rpName: 'Haven', origin: url.origin },
  };
  await registerAuth(app, { deps, secureCookies });
  registerAuthRoutes(app, options);
  registerAccountRoutes(app, options);
  registerMfaRoutes(app, options);
  registerEnrolmentRoutes(app, options);
  registerPracticePolicyRoutes(app, options);
  registerProxyRoutes(app, options);
  registerStaffRoutes(app, options);
  return options;
}
