// Properties of the decision over generated requests of every actor kind (fast-check).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REASON_CODES, type AccessRequest, type Actor } from './access-types.js';
import { labelArb, requestArb } from './access-test-fixtures.js';
import { decideAccess } from './decide-access.js';

const AUDIT_REASON = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;
const RUNS = { numRuns: 2000 };

/** True when `after` allows nothing `before` refused. */
function noMoreAccess(before: AccessRequest, after: AccessRequest): boolean {
  return decideAccess(before).allowed || !decideAccess(after).allowed;
}

function userOf(actor: Actor): string | undefined {
  if (actor.kind === 'system') return undefined;
  return actor.kind === 'client' ? actor.clientId : actor.userId;
}

describe('decideAccess: properties', () => {
  it('(1) never allows an actor of another tenant', () => {
    fc.assert(
      fc.property(requestArb, (req) => {
        if (req.actor.kind === 'system') return;
        const other = {
          ...req,
          target: { ...req.target, tenantId: `${req.actor.tenantId}-other` },
        };
        expect(decideAccess(other)).toEqual({
          allowed: false,
          reason: 'denied_other_tenant',
          breakGlass: false,
          purposeOfUse: null,
        });
      }),
      RUNS,
    );
  });

  it('(2) adding a sensitivity label never turns a refusal into a permission', () => {
    fc.assert(
      fc.property(requestArb, labelArb, (req, label) => {
        const labelled = {
          ...req,
          target: { ...req.target, sensitivity: [...req.target.sensitivity, label] },
        };
        expect(noMoreAccess(req, labelled)).toBe(true);
      }),
      RUNS,
    );
  });

  it('(3) a granted restriction covering the actor never increases access', () => {
    fc.assert(
      fc.property(requestArb, fc.boolean(), (req, wholeRecord) => {
        const restriction = {
          status: 'granted' as const,
          appliesToUserId: userOf(req.actor),
          ...(wholeRecord ? {} : { categories: [...req.target.sensitivity] }),
        };
        const restricted = {
          ...req,
          context: { ...req.context, restrictions: [...req.context.restrictions, restriction] },
        };
        expect(noMoreAccess(req, restricted)).toBe(true);
        // A restriction on the whole record stops every staff member and external provider.
        const kind = req.actor.kind;
        if (wholeRecord && (kind === 'staff' || kind === 'external_provider')) {
          expect(decideAccess(restricted).reason).not.toMatch(/^allowed_/);
        }
      }),
      RUNS,
    );
  });

  it('(4) revoking a consent never increases access', () => {
    fc.assert(
      fc.property(requestArb, fc.nat(), (req, pick) => {
        const { consents } = req.context;
        if (consents.length === 0) return;
        const index = pick % consents.length;
        const revoked = consents.map((c, i) =>
          i === index ? { ...c, status: 'revoked' as const } : c,
        );
        expect(noMoreAccess(req, { ...req, context: { ...req.context, consents: revoked } })).toBe(
          true,
        );
      }),
      RUNS,
    );
  });

  it('(5) every decision has a known reason fit for the audit log', () => {
    const known = new Set<string>(REASON_CODES);
    for (const code of REASON_CODES) expect(code).toMatch(AUDIT_REASON);
    fc.assert(
      fc.property(requestArb, (req) => {
        const { reason } = decideAccess(req);
        expect(known.has(reason)).toBe(true);
        expect(reason).toMatch(AUDIT_REASON);
      }),
      RUNS,
    );
  });

  it('(6) allowed exactly when the reason says so; break-the-glass always flagged ETREAT', () => {
    fc.assert(
      fc.property(requestArb, (req) => {
        const d = decideAccess(req);
        expect(d.allowed).toBe(d.reason.startsWith('allowed_') || d.reason === 'system_job');
        expect(d.allowed).toBe(d.purposeOfUse !== null);
        expect(d.breakGlass).toBe(d.reason === 'allowed_break_glass');
        if (d.breakGlass) expect(d.purposeOfUse).toBe('ETREAT');
        if (d.breakGlass) expect(req.context.breakGlass?.reason.trim()).not.toBe('');
      }),
      RUNS,
    );
  });

  it('reaches the allow paths of every actor kind that has one', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(requestArb, (req) => {
        const d = decideAccess(req);
        if (d.allowed) seen.add(d.reason);
      }),
      { numRuns: 5000, seed: 42 },
    );
    for (const reason of [
      'allowed_care_team',
      'allowed_own_record',
      'allowed_proxy',
      'allowed_consent',
      'allowed_role',
      'allowed_break_glass',
      'allowed_client',
    ]) {
      expect(seen).toContain(reason);
    }
  });
});
