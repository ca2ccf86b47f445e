/**
 * The MLLP listener as configured (HAVEN_MLLP_PORT, HAVEN_MLLP_HOST, HAVEN_MLLP_PRACTICE),
 * started by start-haven.ts. Off unless a port is set; a port without a practice, or a
 * practice that does not exist, stops the start with one line naming the setting.
 */
import { ConfigError } from '../../config/config-error.js';
import type { HavenConfig } from '../../config/settings.js';
import type { Keyring } from '../../crypto/index.js';
import type { HavenDatabase } from '../../db/database.js';
import type { Logger } from '../../log/logger.js';
import { findPracticeBySlug } from '../../tenancy/practices.js';
import { startMllpListener, type MllpListener } from './mllp-server.js';

export async function startConfiguredMllp(
  config: HavenConfig,
  deps: { db: HavenDatabase; keyring: Keyring },
  logger: Logger,
): Promise<MllpListener | undefined> {
  if (config.mllpPort === undefined) return undefined;
  if (!config.mllpPractice) {
    throw new ConfigError(
      'HAVEN_MLLP_PRACTICE must name the practice (slug) the MLLP feed belongs to.',
    );
  }
  const practice = await findPracticeBySlug(deps.db, config.mllpPractice);
  if (!practice) throw new ConfigError('HAVEN_MLLP_PRACTICE names no practice.');
  return startMllpListener({
    host: config.mllpHost,
    port: config.mllpPort,
    tenantId: practice.id,
    deps: { db: deps.db, keyring: deps.keyring, now: () => new Date() },
    logger,
    maxBytes: config.bodyLimitBytes,
  });
}
