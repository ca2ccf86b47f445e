import { describe, expect, it } from 'vitest';
import { parsePromisesMarkdown } from './promises-md.js';

const SAMPLE = `# The promises

Intro prose | with a pipe.

## Data the system holds (DATA)
| ID | promise | seeds | behaviour |
|---|---|---|---|
| DATA-1 | Demographics | 001 002 | FHIR Patient |
| DATA-2 | A \\| pipe | 003 | contact |

## Access control and security (ACC, SEC)
| ID | promise | seeds | behaviour |
|---|---|---|---|
| SEC-1 | TLS | 000 | HTTPS only |
`;

describe('parsePromisesMarkdown', () => {
  it('reads every row with its area, split seeds and escaped pipes', () => {
    expect(parsePromisesMarkdown(SAMPLE)).toEqual([
      {
        id: 'DATA-1',
        area: 'Data the system holds',
        promise: 'Demographics',
        seeds: ['001', '002'],
        behaviour: 'FHIR Patient',
      },
      {
        id: 'DATA-2',
        area: 'Data the system holds',
        promise: 'A | pipe',
        seeds: ['003'],
        behaviour: 'contact',
      },
      {
        id: 'SEC-1',
        area: 'Access control and security',
        promise: 'TLS',
        seeds: ['000'],
        behaviour: 'HTTPS only',
      },
    ]);
  });

  it('refuses a row with a missing cell rather than skipping a promise', () => {
    const broken = SAMPLE.replace('| SEC-1 | TLS | 000 | HTTPS only |', '| SEC-1 | TLS | 000 |');
    expect(() => parsePromisesMarkdown(broken)).toThrow(/line 14: expected 4 cells, found 3/);
  });
});
