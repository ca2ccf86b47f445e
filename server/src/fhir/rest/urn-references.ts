/**
 * Rewriting `urn:uuid:` references inside a Bundle to the ids the server assigned (FHIR
 * RESTful API, transaction processing rules). A reference to a `urn:uuid:` that no entry of the
 * Bundle defines is an error: it would otherwise be stored pointing at nothing.
 */
import type { Resource } from '@medplum/fhirtypes';
import { AppError } from '../../errors/app-error.js';

/** A copy of `resource` with every `reference` to an assigned fullUrl replaced by `Type/id`. */
export function rewriteReferences(
  resource: Resource,
  assigned: ReadonlyMap<string, string>,
): Resource {
  return rewrite(resource, assigned, resource.resourceType) as Resource;
}

function rewrite(value: unknown, assigned: ReadonlyMap<string, string>, path: string): unknown {
  if (Array.isArray(value)) return value.map((item, i) => rewrite(item, assigned, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'reference' && typeof inner === 'string' && inner.startsWith('urn:uuid:')) {
      const target = assigned.get(inner);
      if (!target) {
        throw new AppError('unprocessable', 'A reference points at no entry of the Bundle.', [
          { location: `${path}.reference`, message: 'names a urn:uuid no entry defines' },
        ]);
      }
      copy[key] = target;
    } else {
      copy[key] = rewrite(inner, assigned, `${path}.${key}`);
    }
  }
  return copy;
}
