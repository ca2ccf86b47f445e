/**
 * Profiles from FHIR implementation-guide packages (npm-style `.tgz`, e.g. US Core 6.1.0).
 * Haven neither ships nor downloads them: the operator names package files with the
 * `HAVEN_FHIR_PACKAGES` setting (a comma-separated list of paths) and start-up calls
 * `loadImplementationGuide` for each. A resource claiming a profile that was not loaded is
 * refused, never silently accepted as if it conformed.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadDataType } from '@medplum/core';
import type { StructureDefinition } from '@medplum/fhirtypes';
import { loadFhirDefinitions } from '../definitions.js';
import { registerProfileSchema } from './medplum-validator.js';
import { readTgz } from './tar-reader.js';

/** What loading one package did. `skipped` lists definitions medplum could not parse. */
export interface LoadedGuide {
  name: string;
  version: string;
  /** Canonical URLs of the resource profiles now available for validation. */
  profiles: readonly string[];
  skipped: readonly { url: string; reason: string }[];
}

/** A resource profile Haven can validate against. */
export interface AvailableProfile {
  url: string;
  version: string | undefined;
  /** The resource type it constrains. */
  type: string;
  /** Its human name, e.g. "US Core Patient Profile", for issue messages. */
  label: string;
}

const HL7_BASE = 'http://hl7.org/fhir/StructureDefinition/';

const profiles = new Map<string, AvailableProfile>();
const guides = new Map<string, LoadedGuide>();

/**
 * Reads the StructureDefinitions at the top of the package's `package/` folder and indexes them
 * for medplum's validator. Idempotent per file. Throws when the file is not an R4 package;
 * a definition medplum cannot parse (US Core's us-core-provenance, whose slicing it rejects) is
 * skipped and reported in `skipped`, so resources claiming it are refused as "not available".
 */
export function loadImplementationGuide(tgzPath: string): LoadedGuide {
  const path = resolve(tgzPath);
  const known = guides.get(path);
  if (known) {
    return known;
  }
  loadFhirDefinitions();
  const files = readTgz(readFileSync(path));
  const manifest = files.find((f) => f.path === 'package/package.json');
  const meta = manifest ? (JSON.parse(manifest.data.toString('utf8')) as PackageJson) : undefined;
  if (!meta?.name || !meta.version || !meta.fhirVersions?.some((v) => v.startsWith('4.0'))) {
    throw new Error(`${tgzPath} is not a FHIR R4 package (package/package.json)`);
  }
  const definitions = files
    .filter((f) => /^package\/[^/]+\.json$/.test(f.path) && f.path !== 'package/package.json')
    .map((f) => JSON.parse(f.data.toString('utf8')) as { resourceType?: string })
    .filter((r): r is StructureDefinition => r.resourceType === 'StructureDefinition');
  const loaded: string[] = [];
  const skipped: { url: string; reason: string }[] = [];
  for (const sd of definitions) {
    if (sd.derivation !== 'constraint' || sd.url?.startsWith(HL7_BASE)) {
      // A package must not replace a base R4 type or add new ones: medplum would index a
      // specialization or an HL7-namespace URL as the base definition itself.
      skipped.push({ url: sd.url, reason: 'not a profile or extension; base types stay R4' });
      continue;
    }
    try {
      loadDataType(sd);
      if (
        sd.kind === 'resource' &&
        sd.derivation === 'constraint' &&
        registerProfileSchema(sd.url)
      ) {
        const label = sd.title ?? sd.name;
        profiles.set(sd.url, { url: sd.url, version: sd.version, type: sd.type, label });
        loaded.push(sd.url);
      }
    } catch (err) {
      // Definitions only, no patient data, so medplum's reason is safe to report.
      skipped.push({ url: sd.url, reason: err instanceof Error ? err.message : String(err) });
    }
  }
  const guide = { name: meta.name, version: meta.version, profiles: loaded, skipped };
  guides.set(path, guide);
  return guide;
}

/**
 * The loaded profile a `meta.profile` canonical names, or undefined. A version suffix
 * (`url|6.1.0`) must match the loaded version.
 */
export function findProfile(canonical: string): AvailableProfile | undefined {
  const [url = '', version] = canonical.split('|');
  const found = profiles.get(url);
  return found && (version === undefined || version === found.version) ? found : undefined;
}

interface PackageJson {
  name?: string;
  version?: string;
  fhirVersions?: string[];
}
