/**
 * The privacy notice the portal shows, generated from the promise registry so it can only
 * claim what the code keeps: each promise with whether it is in force, in force with limits
 * (and which), or not offered yet. The notice carries a version and a last-updated date
 * (NOTICE-1) from `notice-version.json`, which also records the digest of the registry it was
 * written for: a test fails when the registry changes without a new notice version, so the
 * posted date can never be older than the promises it lists. It also states where the data is
 * stored (NOTICE-3), from the `HAVEN_DATA_REGION` setting.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadPromiseRegistry, type PromiseRegistry, type PromiseStatus } from './registry.js';

export interface NoticeVersion {
  version: string;
  /** ISO date (YYYY-MM-DD) this version was posted. */
  lastUpdated: string;
  /** SHA-256 (hex) of registry.json as this version describes it. */
  registrySha256: string;
}

export type NoticeStanding = 'in_force' | 'in_force_with_limits' | 'not_yet_offered';

export interface NoticePromise {
  id: string;
  promise: string;
  howWeKeepIt: string;
  standing: NoticeStanding;
  limits?: string;
}

export interface PrivacyNotice {
  version: string;
  lastUpdated: string;
  dataLocation: string;
  sections: { area: string; promises: NoticePromise[] }[];
}

const STANDING: Record<PromiseStatus, NoticeStanding> = {
  enforced: 'in_force',
  partial: 'in_force_with_limits',
  planned: 'not_yet_offered',
};

export function registryDigest(registryJson: Buffer | string): string {
  return createHash('sha256').update(registryJson).digest('hex');
}

export function readRegistryFile(): Buffer {
  return readFileSync(new URL('./registry.json', import.meta.url));
}

export function loadNoticeVersion(): NoticeVersion {
  const text = readFileSync(new URL('./notice-version.json', import.meta.url), 'utf8');
  return JSON.parse(text) as NoticeVersion;
}

/** Builds the notice from a registry, grouped by area in the registry's order. */
export function buildPrivacyNotice(
  registry: PromiseRegistry,
  version: NoticeVersion,
  dataLocation: string,
): PrivacyNotice {
  const sections: PrivacyNotice['sections'] = [];
  for (const entry of registry) {
    let section = sections.find((s) => s.area === entry.area);
    if (!section) {
      section = { area: entry.area, promises: [] };
      sections.push(section);
    }
    section.promises.push({
      id: entry.id,
      promise: entry.promise,
      howWeKeepIt: entry.behaviour,
      standing: STANDING[entry.status],
      ...(entry.status === 'partial' && entry.note ? { limits: entry.note } : {}),
    });
  }
  return {
    version: version.version,
    lastUpdated: version.lastUpdated,
    dataLocation,
    sections,
  };
}

/** The notice as the running server shows it. */
export function currentPrivacyNotice(dataLocation: string): PrivacyNotice {
  return buildPrivacyNotice(loadPromiseRegistry(), loadNoticeVersion(), dataLocation);
}
