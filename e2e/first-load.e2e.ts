/**
 * What a patient's browser takes in on the first load of the portal: at most 300 KB of
 * JavaScript gzipped (the budget), every request to Haven itself (no third-party
 * scripts, fonts, trackers or advertising), and only the service's own cookies, HttpOnly and
 * SameSite=Strict (SEC-8).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './harness/haven-server.js';
import { signInPatient } from './harness/sign-in.js';
import { useHavenSuite } from './harness/suite.js';

const suite = useHavenSuite();
const JS_BUDGET_BYTES = 300 * 1024;
const ESSENTIAL_COOKIES = ['haven_device', 'haven_session'];

function gzippedSize(assetPath: string): number {
  const file = path.join(REPO_ROOT, 'web', 'dist', assetPath);
  return gzipSync(readFileSync(file), { level: 9 }).length;
}

describe('first load of the portal', () => {
  it('loads at most 300 KB of JavaScript gzipped, all from Haven, and sets only essential cookies', async () => {
    const page = await suite.newPage();
    const requested: URL[] = [];
    page.on('request', (request) => requested.push(new URL(request.url())));

    await signInPatient(page, 'patient@demo.haven.test');
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await page.waitForLoadState('networkidle');

    // Every request went to Haven: nothing third-party, ever.
    const origin = new URL(suite.haven.url).origin;
    const elsewhere = requested.filter((url) => url.origin !== origin && url.protocol !== 'data:');
    expect(elsewhere.map(String)).toEqual([]);

    // The JavaScript of the first load (sign-in, then the portal home), measured as served.
    const scripts = [...new Set(requested.map((u) => u.pathname))].filter((p) => p.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    const total = scripts.reduce((sum, p) => sum + gzippedSize(p), 0);
    // eslint-disable-next-line no-console -- the figure is reported as well as checked
    console.log(`first load: ${scripts.length} scripts, ${(total / 1024).toFixed(1)} KB gzipped`);
    expect(total).toBeLessThanOrEqual(JS_BUDGET_BYTES);

    // Only the service's own cookies, unreadable by scripts and never sent cross-site.
    const cookies = await page.context().cookies();
    expect(cookies.map((c) => c.name).sort()).toEqual(ESSENTIAL_COOKIES);
    for (const cookie of cookies) {
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    }
  });
});
