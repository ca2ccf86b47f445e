/**
 * Start-up: load the FHIR definitions (about a second, so the first write does not pay it) and
 * the implementation guides named by HAVEN_FHIR_PACKAGES. A package that cannot be read stops
 * the start with its path named: running without profiles someone asked for would let claimed
 * profiles be refused at write time instead.
 */
import { loadImplementationGuide, prepareFhirValidation } from './index.js';

export interface LoadedPackages {
  guides: { name: string; version: string; profiles: number; skipped: string[] }[];
}

export function loadFhirPackages(setting: string): LoadedPackages {
  prepareFhirValidation();
  const paths = setting
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  return {
    guides: paths.map((path) => {
      try {
        const guide = loadImplementationGuide(path);
        return {
          name: guide.name,
          version: guide.version,
          profiles: guide.profiles.length,
          skipped: guide.skipped.map((s) => s.url),
        };
      } catch (error) {
        throw new Error(`HAVEN_FHIR_PACKAGES: ${path} could not be loaded`, { cause: error });
      }
    }),
  };
}
