// Every resource of the Synthea corpus in ../shared/data (outside test data, real generator
// output nobody on this project wrote) must pass validation untouched: base R4 and the
// terminology checks together must not refuse what a real EHR export contains.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import type { Bundle } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { validateFhirResource } from './validate-resource.js';
import { sharedPath } from '../../../test/shared-data.js';

const folder = sharedPath('data', 'synthea');
const present = existsSync(folder);
if (!present) {
  process.stderr.write(
    `\n*** ${folder} is missing: the Synthea validation test is SKIPPED. ***\n\n`,
  );
}

describe.skipIf(!present)('Synthea bundles', () => {
  it('every entry validates with zero issues against base R4 and required terminology', () => {
    const failures: string[] = [];
    const warnings = new Set<string>();
    let count = 0;
    for (const file of readdirSync(folder).filter((f) => f.endsWith('.json'))) {
      const bundle = JSON.parse(readFileSync(`${folder}/${file}`, 'utf8')) as Bundle;
      for (const [index, entry] of (bundle.entry ?? []).entries()) {
        count += 1;
        const result = validateFhirResource(entry.resource);
        for (const issue of result.ok ? [] : result.issues) {
          failures.push(`${file} entry ${index}: ${issue.location}: ${issue.message}`);
        }
        result.warnings.forEach((w) => warnings.add(w.message));
      }
    }
    expect(count).toBeGreaterThan(7000);
    expect(failures).toEqual([]);
    // The only warnings are medplum's on `urn:uuid:` references, which it reads as a resource
    // type; a transaction replaces them with `Type/id` before anything is stored.
    expect([...warnings]).toEqual([
      'The reference names a resource type this field does not allow',
    ]);
  });
});
