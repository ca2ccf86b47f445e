/**
 * The CapabilityStatement at `/fhir/R4/metadata`, built from what the code actually does: the
 * types the access rules know, the search parameters the index holds, the interactions the
 * routes serve. Nothing here is claimed that a route does not answer.
 */
import type { CapabilityStatement, CapabilityStatementRestResource } from '@medplum/fhirtypes';
import { accessibleResourceTypes, writtenOnlyByWorkflow } from '../../access/index.js';
import { COMPARTMENT_PARAMS, supportedParams } from '../search/search-params.js';

const INTERACTIONS = [
  'read',
  'vread',
  'update',
  'delete',
  'history-instance',
  'create',
  'search-type',
] as const;
/**
 * Types written only by Haven's own workflows (a patient's change requests, messages between
 * patients and their care team) are read-only here: the gate refuses any write through the API.
 */
const READ_INTERACTIONS = ['read', 'vread', 'history-instance', 'search-type'] as const;

export function capabilityStatement(base: string, version: string, now: Date): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: now.toISOString(),
    kind: 'instance',
    publisher: 'Haven',
    software: { name: 'Haven', version },
    implementation: { description: 'Haven FHIR R4 API', url: base },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server',
        security: {
          description:
            'Bearer tokens from POST /oauth2/token (client credentials, SMART v2 system scopes) or personal access tokens; every record is then decided by the access rules and audited.',
          service: [
            {
              coding: [
                {
                  system: 'http://terminology.hl7.org/CodeSystem/restful-security-service',
                  code: 'OAuth',
                },
              ],
            },
          ],
        },
        resource: accessibleResourceTypes().map(resourceCapability),
        interaction: [{ code: 'transaction' }, { code: 'batch' }],
        searchParam: [
          { name: '_id', type: 'token' },
          { name: '_lastUpdated', type: 'date' },
          { name: '_count', type: 'number' },
          { name: '_sort', type: 'string' },
        ],
      },
    ],
  };
}

function resourceCapability(type: string): CapabilityStatementRestResource {
  const params = supportedParams(type).map((p) => ({ name: p.code, type: p.type }));
  const compartment =
    type === 'Patient'
      ? []
      : COMPARTMENT_PARAMS.map((name) => ({ name, type: 'reference' as const }));
  return {
    type: type as CapabilityStatementRestResource['type'],
    interaction: (writtenOnlyByWorkflow(type) ? READ_INTERACTIONS : INTERACTIONS).map((code) => ({
      code,
    })),
    ...(writtenOnlyByWorkflow(type)
      ? { documentation: 'Written only through Haven’s own workflow; read-only in this API.' }
      : {}),
    versioning: 'versioned-update',
    readHistory: true,
    updateCreate: false,
    conditionalCreate: false,
    conditionalUpdate: false,
    conditionalDelete: 'not-supported',
    searchInclude: type === 'Patient' ? [] : [`${type}:patient`],
    searchRevInclude: type === 'Patient' ? ['*:patient'] : [],
    searchParam: [...params, ...compartment],
    ...(type === 'Patient'
      ? {
          operation: [
            {
              name: 'everything',
              definition: 'http://hl7.org/fhir/OperationDefinition/Patient-everything',
            },
          ],
        }
      : {}),
  };
}
