import { readFileSync } from 'node:fs';

/** Haven's version, from package.json (shown in /openapi.json and `haven --version`). */
export const HAVEN_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;
