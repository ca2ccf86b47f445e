/**
 * Which conditions a patient has, when each began, and the FHIR Condition resources.
 */
import type { Condition } from '@medplum/fhirtypes';
import type { ConditionDef, ConditionKey } from './condition-catalog.js';
import { CONDITIONS, conditionDef } from './condition-catalog.js';
import { addDays, addYears, clinicTime, daysBetween, isoDateTime } from './dates.js';
import { SYSTEM, codeable, securityMeta } from './fhir.js';
import type { RecordContext, Visit } from './types.js';
import { visitRef } from './visits.js';

export interface ConditionRecord {
  def: ConditionDef;
  id: string;
  onset: Date;
  /** The visit where it was diagnosed, when that falls inside the practice's records. */
  visit?: Visit;
  status: 'active' | 'resolved' | 'remission';
  resource: Condition;
}

/** Forced conditions first, then each catalogue entry by its prevalence for this person. */
export function chooseConditions(ctx: RecordContext): ConditionKey[] {
  const { profile, rng } = ctx;
  const chosen = new Set<ConditionKey>(profile.forced);
  for (const def of CONDITIONS.values()) {
    if (chosen.has(def.key) || !eligible(def, ctx)) continue;
    if (rng.chance(def.prevalence(profile.age, profile.sex))) chosen.add(def.key);
  }
  // Prediabetes and diabetes are stages of one disease; keep the more advanced.
  if (chosen.has('diabetes')) chosen.delete('prediabetes');
  return [...chosen];
}

function eligible(def: ConditionDef, ctx: RecordContext): boolean {
  const { age, sex } = ctx.profile;
  return age >= def.minAge && age <= (def.maxAge ?? 200) && (!def.sex || def.sex === sex);
}

export function buildConditions(
  ctx: RecordContext,
  keys: readonly ConditionKey[],
  visits: readonly Visit[],
): ConditionRecord[] {
  const records: ConditionRecord[] = [];
  for (const key of keys) {
    const def = conditionDef(key);
    const record = def.chronic ? chronicRecord(ctx, def, visits) : acuteRecord(ctx, def, visits);
    if (record) records.push(record);
  }
  return records;
}

/**
 * A chronic condition either predates the practice's records (onset some years back, recorded
 * at the first visit) or is diagnosed at one of the earlier visits, which gives labs and vitals
 * a before-and-after trend. Diabetes is usually diagnosed in-window for exactly that reason.
 */
function chronicRecord(
  ctx: RecordContext,
  def: ConditionDef,
  visits: readonly Visit[],
): ConditionRecord {
  const { rng, profile, windowStart } = ctx;
  const planned = visits.filter((v) => v.kind !== 'sick');
  const earliest = addDays(addYears(profile.birth, def.minAge), 30);
  const preWindowDays = daysBetween(earliest, addDays(windowStart, -30));
  const inWindowChance = def.key === 'diabetes' ? 0.7 : 0.35;
  let onset: Date;
  let visit: Visit | undefined;
  // Diagnosed in the first half of the visits, so there are visits after it to show change.
  const candidate = planned[rng.int(0, Math.max(0, Math.floor((planned.length - 1) / 2)))];
  if (candidate && (preWindowDays < 1 || rng.chance(inWindowChance))) {
    visit = candidate;
    onset = candidate.start;
  } else if (preWindowDays >= 1) {
    // Most long-standing conditions began within the last 15 years.
    onset = clinicTime(
      addDays(earliest, rng.int(Math.max(0, preWindowDays - 5500), preWindowDays)),
      rng,
    );
  } else {
    onset = clinicTime(addDays(ctx.now, -rng.int(30, 200)), rng);
  }
  const remits = (def.key === 'depression' || def.key === 'alcohol-use') && rng.chance(0.3);
  const status = remits ? 'remission' : 'active';
  const recorded = visit?.start ?? planned[0]?.start ?? onset;
  return finish(ctx, def, onset, recorded, status, visit);
}

/** An acute illness is the diagnosis of its sick visit and has usually resolved since. */
function acuteRecord(
  ctx: RecordContext,
  def: ConditionDef,
  visits: readonly Visit[],
): ConditionRecord | undefined {
  const visit = visits.find((v) => v.kind === 'sick' && v.reason === def.key);
  if (!visit) return undefined;
  const abatement = addDays(visit.start, ctx.rng.int(7, 21));
  const resolved = abatement.getTime() < ctx.now.getTime();
  const record = finish(
    ctx,
    def,
    visit.start,
    visit.start,
    resolved ? 'resolved' : 'active',
    visit,
  );
  if (resolved) record.resource.abatementDateTime = isoDateTime(abatement);
  return record;
}

function finish(
  ctx: RecordContext,
  def: ConditionDef,
  onset: Date,
  recorded: Date,
  status: ConditionRecord['status'],
  visit: Visit | undefined,
): ConditionRecord {
  const id = ctx.rng.uuid();
  const category = def.chronic
    ? codeable(SYSTEM.conditionCategory, 'problem-list-item', 'Problem List Item')
    : codeable(SYSTEM.conditionCategory, 'encounter-diagnosis', 'Encounter Diagnosis');
  const meta = securityMeta(def.label ? [def.label] : []);
  const resource: Condition = {
    resourceType: 'Condition',
    id,
    ...(meta && { meta }),
    clinicalStatus: codeable(SYSTEM.conditionClinical, status, capitalise(status)),
    verificationStatus: codeable(SYSTEM.conditionVerification, 'confirmed', 'Confirmed'),
    category: [category],
    code: codeable(SYSTEM.snomed, def.code, def.display, def.text),
    subject: ctx.subject,
    onsetDateTime: isoDateTime(onset),
    recordedDate: isoDateTime(recorded),
  };
  if (visit) resource.encounter = visitRef(visit);
  return { def, id, onset, visit, status, resource };
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
