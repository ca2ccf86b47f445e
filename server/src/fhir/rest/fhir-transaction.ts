/**
 * `POST /fhir/R4` with a Bundle: a `transaction` is all or nothing (one database transaction
 * through the gate; the first refused or invalid entry undoes every other and is named in the
 * answer), a `batch` runs each entry on its own and answers each. `urn:uuid:` fullUrls of
 * created entries become ids, and references to them are rewritten, as FHIR prescribes.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
import { Type } from 'typebox';
import { requireBearer, requireScope, type Interaction } from '../../api-auth/index.js';
import { tenantTransaction } from '../../db/transactions.js';
import { AppError } from '../../errors/app-error.js';
import { toOperationOutcome } from '../../errors/operation-outcome.js';
import type { AuditEntryInput } from '../../audit/index.js';
import {
  applyWrite,
  auditRolledBackRefusals,
  prepareWrite,
  resourceOrThrow,
  type WriteRequest,
} from '../../gate/gated-writes.js';
import type { RecordRepository } from '../../gate/record-repository.js';
import type { IdentityRouteOptions } from '../../identity/routes/auth-routes.js';
import { RecordKeys } from '../../records/record-keys.js';
import { fhirRepository } from './fhir-request.js';
import { checkedBody } from './fhir-routes.js';
import { rewriteReferences } from './urn-references.js';

const AnyResource = Type.Object({ resourceType: Type.String() }, { additionalProperties: true });

/** One entry turned into a write, with where it came from for error locations. */
interface PlannedEntry {
  index: number;
  write: WriteRequest;
  interaction: Interaction;
}

export function registerFhirTransaction(
  app: FastifyInstance,
  { deps }: IdentityRouteOptions,
  base: string,
): void {
  app.post(
    '/fhir/R4',
    { schema: { summary: 'transaction or batch Bundle', response: { 200: AnyResource } } },
    async (request, reply) => {
      await requireBearer(request);
      const bundle = request.body as Bundle;
      if (
        bundle?.resourceType !== 'Bundle' ||
        (bundle.type !== 'transaction' && bundle.type !== 'batch')
      ) {
        throw new AppError('validation_failed', 'Send a Bundle of type transaction or batch.', [
          { location: 'Bundle.type', message: 'must be transaction or batch' },
        ]);
      }
      const planned = planEntries(bundle);
      // Scopes and the repository come from the token; the type is checked per entry.
      const repos = new Map<string, RecordRepository>();
      for (const entry of planned) {
        const type = entryType(entry.write);
        if (!repos.has(type))
          repos.set(type, await fhirRepository(deps, request, type, entry.interaction));
        requireScope(request, request.apiPrincipal!, type, entry.interaction);
      }
      const repo = repos.values().next().value;
      const response: Bundle = {
        resourceType: 'Bundle',
        type: bundle.type === 'transaction' ? 'transaction-response' : 'batch-response',
        entry: [],
      };
      if (!repo) return reply.type('application/fhir+json').send(response);
      response.entry =
        bundle.type === 'transaction'
          ? await transaction(repo, deps, planned, base)
          : await batch(repo, planned, base, request);
      return reply.type('application/fhir+json').send(response);
    },
  );
}

/** Validates every entry and turns it into a write; urn:uuid ids assigned and rewritten. */
function planEntries(bundle: Bundle): PlannedEntry[] {
  const entries = bundle.entry ?? [];
  const assigned = new Map<string, string>();
  for (const entry of entries) {
    if (
      entry.request?.method === 'POST' &&
      entry.fullUrl?.startsWith('urn:uuid:') &&
      entry.resource
    ) {
      assigned.set(entry.fullUrl, `${entry.resource.resourceType}/${randomUUID()}`);
    }
  }
  return entries.map((entry, index) => {
    try {
      return planEntry(entry, index, assigned);
    } catch (error) {
      throw atEntry(error, index);
    }
  });
}

function planEntry(
  entry: BundleEntry,
  index: number,
  assigned: ReadonlyMap<string, string>,
): PlannedEntry {
  const method = entry.request?.method;
  const [type = '', id] = (entry.request?.url ?? '').split('?')[0]!.split('/');
  if (method === 'DELETE' && id)
    return { index, write: { action: 'delete', resourceType: type, id }, interaction: 'delete' };
  if (method !== 'POST' && method !== 'PUT') {
    throw new AppError('validation_failed', 'Each entry must be a POST, PUT or DELETE.', [
      { location: 'request.method', message: 'is not supported here' },
    ]);
  }
  const resource = rewriteReferences(checkedBody(entry.resource, type), assigned);
  if (method === 'POST') {
    const newId = entry.fullUrl ? assigned.get(entry.fullUrl)?.split('/')[1] : undefined;
    const { id: _ignored, ...rest } = resource;
    return {
      index,
      write: { action: 'create', resource: { ...rest, id: newId ?? randomUUID() } as Resource },
      interaction: 'create',
    };
  }
  if (!id || resource.id !== id) {
    throw new AppError('validation_failed', 'A PUT names the resource it updates.', [
      { location: 'request.url', message: 'must be Type/id matching the resource' },
    ]);
  }
  const match = /^W\/"(\d+)"$/.exec(entry.request?.ifMatch ?? '');
  const write: WriteRequest = {
    action: 'update',
    resource,
    ...(match ? { expectedVersion: Number(match[1]) } : {}),
  };
  return { index, write, interaction: 'update' };
}

async function transaction(
  repo: RecordRepository,
  deps: IdentityRouteOptions['deps'],
  planned: PlannedEntry[],
  base: string,
): Promise<BundleEntry[]> {
  const tenantId = repo.tenantId;
  // Everything the Bundle creates counts as stored for the entries' references and patients.
  const created = new Set(
    planned.flatMap((p) =>
      p.write.action === 'create'
        ? [`${p.write.resource.resourceType}/${p.write.resource.id!.toLowerCase()}`]
        : [],
    ),
  );
  const prepared = await tenantTransaction(deps.db, tenantId, async (tx) => {
    const all = [];
    for (const p of planned) {
      try {
        all.push(await prepareWrite(tx, tenantId, p.write, created));
      } catch (error) {
        throw atEntry(error, p.index);
      }
    }
    return all;
  });
  const compartments = prepared.filter((p) => p.patient.exists).map((p) => p.compartment);
  const keys = await RecordKeys.load(deps.keyring, tenantId, compartments, { create: true });
  let refusal: { index: number; audit: AuditEntryInput[]; error: unknown } | undefined;
  try {
    return await repo.transaction(keys, async (session) => {
      const results: BundleEntry[] = [];
      for (const [i, p] of prepared.entries()) {
        const outcome = await applyWrite(repo, session, p);
        if (!('ok' in outcome)) {
          const error = (() => {
            try {
              resourceOrThrow(outcome, p.resourceType);
            } catch (e) {
              return e;
            }
          })();
          refusal = { index: planned[i]!.index, audit: [...session.audit], error };
          throw error;
        }
        results.push(responseEntry(base, outcome.ok, p.request.action));
      }
      return results;
    });
  } catch (error) {
    if (refusal) {
      // The refusal is an access attempt: it stays in the audit log though nothing else did.
      const denied = refusal.audit.filter((e) => e.outcome === 'denied');
      await auditRolledBackRefusals(repo, deps, denied);
      throw atEntry(refusal.error, refusal.index);
    }
    throw error;
  }
}

async function batch(
  repo: RecordRepository,
  planned: PlannedEntry[],
  base: string,
  request: FastifyRequest,
) {
  const results: BundleEntry[] = [];
  for (const p of planned) {
    try {
      results.push(responseEntry(base, await repo.write(p.write), p.write.action));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      results.push({
        response: {
          status: String(error.status),
          outcome: toOperationOutcome(error.code, error.message, error.issues, request.id),
        },
      });
    }
  }
  return results;
}

function responseEntry(
  base: string,
  resource: Resource,
  action: WriteRequest['action'],
): BundleEntry {
  const status =
    action === 'create' ? '201 Created' : action === 'delete' ? '204 No Content' : '200 OK';
  return {
    fullUrl: `${base}/${resource.resourceType}/${resource.id}`,
    response: {
      status,
      location: `${resource.resourceType}/${resource.id}/_history/${resource.meta?.versionId}`,
      etag: `W/"${resource.meta?.versionId}"`,
      ...(resource.meta?.lastUpdated ? { lastModified: resource.meta.lastUpdated } : {}),
    },
  };
}

function entryType(write: WriteRequest): string {
  return write.action === 'delete' ? write.resourceType : write.resource.resourceType;
}

/** The same error, its locations prefixed with the entry they belong to. */
function atEntry(error: unknown, index: number): unknown {
  if (!(error instanceof AppError)) return error;
  const where = `Bundle.entry[${index}]`;
  const issues =
    error.issues.length > 0
      ? error.issues.map((i) => ({ ...i, location: `${where}.${i.location ?? ''}` }))
      : [{ location: where, message: error.message }];
  return new AppError(error.code, error.message, issues);
}
