/** FHIR Bundles Haven answers with: search sets, histories, transaction responses. */
import type { Bundle, BundleEntry, BundleLink, Resource } from '@medplum/fhirtypes';
import type { StoredVersion } from '../../records/record-store.js';

/** The absolute address of a resource (Bundle.entry.fullUrl). */
export function fullUrl(base: string, resource: Resource): string {
  return `${base}/${resource.resourceType}/${resource.id ?? ''}`;
}

/** A searchset: matches first, then what `_include`/`_revinclude` brought in. */
export function searchSet(
  base: string,
  matches: readonly Resource[],
  included: readonly Resource[],
  links: { self: string; next?: string | undefined },
): Bundle {
  const link: BundleLink[] = [{ relation: 'self', url: links.self }];
  if (links.next) link.push({ relation: 'next', url: links.next });
  const entry: BundleEntry[] = [
    ...matches.map((resource) => ({
      fullUrl: fullUrl(base, resource),
      resource,
      search: { mode: 'match' as const },
    })),
    ...included.map((resource) => ({
      fullUrl: fullUrl(base, resource),
      resource,
      search: { mode: 'include' as const },
    })),
  ];
  return { resourceType: 'Bundle', type: 'searchset', link, entry };
}

/** A history Bundle, newest version first. */
export function historyBundle(base: string, versions: readonly StoredVersion[]): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'history',
    entry: versions.map((v) => ({
      fullUrl: fullUrl(base, v.resource),
      resource: v.resource,
      request: {
        method: v.versionId === 1 ? 'POST' : v.deleted ? 'DELETE' : 'PUT',
        url: `${v.resourceType}/${v.id}`,
      },
      response: {
        status: v.deleted ? '204' : v.versionId === 1 ? '201' : '200',
        etag: `W/"${v.versionId}"`,
        lastModified: v.lastUpdated.toISOString(),
      },
    })),
  };
}
