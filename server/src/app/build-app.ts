/**
 * Assembles the HTTP application. The pipeline every request goes through, in order:
 * request id and context -> security headers -> (rate limit, authentication: identity issue)
 * -> schema validation of the input -> handler (through a repository bound to the actor) ->
 * schema serialization of the output -> no-store / security headers -> error handler.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Fastify, { type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { HavenConfig } from '../config/settings.js';
import { servesTls } from '../config/tls-policy.js';
import type { HavenDatabase } from '../db/database.js';
import type { Logger } from '../log/logger.js';
import { OneLineRequestLog } from '../log/request-log.js';
import { registerHealthRoutes } from '../health/health-routes.js';
import { registerErrorHandler } from './error-handler.js';
import { registerOpenApi } from './openapi.js';
import { registerRequestContext, requestIdFrom } from './request-context.js';
import { registerSecurityHeaders } from './security-headers.js';
import { registerWebApp } from './web-app.js';
import { HAVEN_VERSION } from '../version.js';
import type { Keyring } from '../crypto/index.js';
import { registerIdentity } from '../identity/register-identity.js';
import { registerAccessReviewRoutes } from '../access-review/access-review-routes.js';
import { registerAuditRoutes } from '../audit/audit-routes.js';
import { registerHl7Routes } from '../feeds/hl7v2/index.js';
import { registerFhirRoutes } from '../fhir/rest/fhir-routes.js';
import { registerApiAuthRoutes } from '../api-auth/index.js';
import { registerConsentRoutes } from '../consents/consent-routes.js';
import { registerCareTeamRoutes } from '../care/care-team-routes.js';
import { registerChartRoutes } from '../chart/chart-routes.js';
import { registerOwnDetailsRoutes } from '../own-details/own-details-routes.js';
import { registerSelfServicePolicyRoutes } from '../own-details/self-service-policy-routes.js';
import { registerChangeRequestRoutes } from '../change-requests/change-request-routes.js';
import { registerStaffChangeRequestRoutes } from '../change-requests/staff-change-request-routes.js';
import { registerQuestionnaireRoutes } from '../questionnaires/questionnaire-routes.js';
import { registerInboxRoutes } from '../messaging/inbox-routes.js';
import { registerMessagingRoutes } from '../messaging/messaging-routes.js';
import { registerRecordExportRoutes } from '../record-export/record-export-routes.js';
import { registerScheduleRoutes } from '../schedule/schedule-routes.js';
import { registerPatientSearchRoutes } from '../patient-search/patient-search-routes.js';
import { registerPrivacyNoticeRoutes } from '../promises/privacy-notice-routes.js';
import { registerResultReleaseRoutes } from '../chart/result-release-routes.js';
import { registerBreakGlassRoutes } from '../break-glass/break-glass-routes.js';
import { registerDisclosureRoutes } from '../disclosures/disclosure-routes.js';
import { registerBillingRoutes } from '../billing/billing-routes.js';
import { SandboxProcessor, sandboxSecret } from '../billing/sandbox/sandbox-processor.js';
import { registerSandboxProcessorRoutes } from '../billing/sandbox/sandbox-routes.js';
import { startStalePaymentSweep } from '../billing/stale-payments.js';
import { platformKey } from '../identity/identity-deps.js';

export interface AppDependencies {
  config: HavenConfig;
  db: HavenDatabase;
  keyring: Keyring;
  logger: Logger;
  /** The clock (tests move it to check time-outs and expiries). */
  now?: () => Date;
  /** Extra routes, registered before the app is sealed (tests, later feature modules). */
  routes?: (app: FastifyInstance) => void | Promise<void>;
  /** Folder of the built web app; defaults to web/dist. */
  webRoot?: string;
  /** Runs the app's own background work (`haven start` does; tests call it themselves). */
  backgroundJobs?: boolean;
}

export type HavenApp = FastifyInstance;

export async function buildApp(deps: AppDependencies): Promise<HavenApp> {
  const { config } = deps;
  const trustedProxy = config.trustedProxy?.split(',').map((entry) => entry.trim());
  const app = Fastify({
    loggerInstance: deps.logger,
    logController: new OneLineRequestLog(),
    // A proxy we trust may pass its request id along, so log lines join up across hops.
    genReqId: (req) =>
      requestIdFrom(trustedProxy ? req.headers['x-request-id'] : undefined, randomUUID),
    trustProxy: trustedProxy ?? false,
    bodyLimit: config.bodyLimitBytes,
    ajv: { customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: false } },
    ...(servesTls(config)
      ? {
          https: {
            cert: readFileSync(config.tlsCertFile ?? ''),
            key: readFileSync(config.tlsKeyFile ?? ''),
          },
        }
      : {}),
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as FastifyInstance;

  // Every route declares its output schema, so data leaves only through a serializer that
  // drops undeclared fields, and the OpenAPI document is complete. Hidden routes (static files)
  // are the only exception. Enforced here, at registration, so a forgotten schema cannot boot.
  app.addHook('onRoute', (route) => {
    const schema = route.schema;
    if (!schema?.hide && !schema?.response) {
      throw new Error(`Route ${String(route.method)} ${route.url} declares no response schema`);
    }
  });

  // FHIR clients send application/fhir+json; parse it as JSON.
  app.addContentTypeParser(
    'application/fhir+json',
    { parseAs: 'string' },
    app.getDefaultJsonParser('error', 'error'),
  );

  registerRequestContext(app);
  const pageNonce = registerSecurityHeaders(app, { production: config.mode === 'production' });
  await registerOpenApi(app, HAVEN_VERSION);
  const pageFallback = await registerWebApp(app, pageNonce, deps.webRoot);
  registerErrorHandler(app, pageFallback);

  registerHealthRoutes(app, deps.db);
  registerPrivacyNoticeRoutes(app, { dataLocation: config.dataRegion });
  const identity = await registerIdentity(app, config, deps.db, deps.keyring, deps.now);
  registerAuditRoutes(app, identity);
  registerHl7Routes(app, identity);
  registerApiAuthRoutes(app, identity);
  registerFhirRoutes(app, identity);
  registerConsentRoutes(app, identity);
  registerChartRoutes(app, identity);
  registerPatientSearchRoutes(app, identity);
  registerOwnDetailsRoutes(app, identity);
  registerSelfServicePolicyRoutes(app, identity);
  registerChangeRequestRoutes(app, identity);
  registerStaffChangeRequestRoutes(app, identity);
  registerScheduleRoutes(app, identity);
  registerQuestionnaireRoutes(app, identity);
  registerMessagingRoutes(app, identity);
  registerInboxRoutes(app, identity);
  registerRecordExportRoutes(app, identity);
  registerResultReleaseRoutes(app, identity);
  registerCareTeamRoutes(app, identity);
  registerAccessReviewRoutes(app, identity);
  registerBreakGlassRoutes(app, identity);
  registerDisclosureRoutes(app, identity);
  // The sandbox (a processor's test mode) stands in for a card processor outside production; no
  // live processor is built, so in production statements are shown and card payment is off.
  const processor =
    config.mode === 'production'
      ? null
      : new SandboxProcessor(async () => sandboxSecret(await platformKey(identity.deps)));
  if (processor) registerSandboxProcessorRoutes(app, processor, identity.deps.now);
  registerBillingRoutes(app, identity, processor);
  if (processor && deps.backgroundJobs) {
    const sweep = startStalePaymentSweep(
      { ...identity.deps, processor },
      { onError: (error) => app.log.warn({ err: error }, 'finishing a stale payment failed') },
    );
    app.addHook('onClose', () => sweep.stop());
  }
  await deps.routes?.(app);
  return app;
}
