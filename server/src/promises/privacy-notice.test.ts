import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { registerPrivacyNoticeRoutes } from './privacy-notice-routes.js';
import {
  buildPrivacyNotice,
  loadNoticeVersion,
  readRegistryFile,
  registryDigest,
} from './privacy-notice.js';
import { loadPromiseRegistry, type PromiseRegistry } from './registry.js';

const VERSION = { version: '7', lastUpdated: '2026-01-02', registrySha256: 'x' };

function entry(
  id: string,
  area: string,
  status: 'enforced' | 'partial' | 'planned',
  note?: string,
) {
  return {
    id,
    area,
    promise: `promise ${id}`,
    behaviour: `behaviour ${id}`,
    seeds: [],
    status,
    code: [],
    tests: [],
    ...(note ? { note } : {}),
  };
}

describe('privacy notice', () => {
  it('is versioned for the registry it describes: a changed registry needs a new notice version and date', () => {
    const version = loadNoticeVersion();
    expect(version.version).toMatch(/^\d+(\.\d+)*$/);
    expect(version.lastUpdated).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // If this fails, the promises changed: raise `version`, set `lastUpdated` to today and
    // `registrySha256` to the digest printed here, in server/src/promises/notice-version.json.
    expect(version.registrySha256, `registry digest is ${registryDigest(readRegistryFile())}`).toBe(
      registryDigest(readRegistryFile()),
    );
  });

  it('lists every promise by area with its standing, and the limits of partial ones', () => {
    const registry = [
      entry('SEC-1', 'Security', 'enforced'),
      entry('USE-1', 'Use', 'partial', 'pages come later'),
      entry('SEC-2', 'Security', 'planned'),
    ] as PromiseRegistry;
    const notice = buildPrivacyNotice(registry, VERSION, 'eu-west');
    expect(notice).toMatchObject({
      version: '7',
      lastUpdated: '2026-01-02',
      dataLocation: 'eu-west',
    });
    expect(notice.sections.map((s) => s.area)).toEqual(['Security', 'Use']);
    expect(notice.sections[0]?.promises.map((p) => [p.id, p.standing])).toEqual([
      ['SEC-1', 'in_force'],
      ['SEC-2', 'not_yet_offered'],
    ]);
    expect(notice.sections[1]?.promises[0]).toMatchObject({
      standing: 'in_force_with_limits',
      limits: 'pages come later',
      howWeKeepIt: 'behaviour USE-1',
    });
  });

  it('is served to anyone at /api/privacy-notice with its version, date and data location', async () => {
    const app = Fastify();
    registerPrivacyNoticeRoutes(app, { dataLocation: 'Frankfurt, Germany' });
    const response = await app.inject({ method: 'GET', url: '/api/privacy-notice' });
    expect(response.statusCode).toBe(200);
    const body = response.json<{
      version: string;
      lastUpdated: string;
      dataLocation: string;
      sections: { promises: unknown[] }[];
    }>();
    expect(body.version).toBe(loadNoticeVersion().version);
    expect(body.lastUpdated).toBe(loadNoticeVersion().lastUpdated);
    expect(body.dataLocation).toBe('Frankfurt, Germany');
    const count = body.sections.reduce((n, s) => n + s.promises.length, 0);
    expect(count).toBe(loadPromiseRegistry().length);
  });
});
