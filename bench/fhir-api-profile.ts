/**
 * Summarises a V8 CPU profile of the server during a bench phase: self time by area (driver,
 * Fastify, logging, medplum, each Haven folder, Node) and the top functions.
 */
import { readFileSync } from 'node:fs';
import { out } from './bench-output.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

function area(url: string, fn: string): string {
  if (url === '') return fn; // (garbage collector), (program), (idle)
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) {
    const pkg = nm[1] as string;
    if (/^(pg|pg-.*|kysely|pgpass)$/.test(pkg)) return 'pg driver + kysely';
    if (/fastify|find-my-way|avvio|light-my-request|fast-json|ajv|fast-uri|json-schema/.test(pkg))
      return 'fastify + serialization';
    if (/pino|sonic-boom|thread-stream/.test(pkg)) return 'logging (pino)';
    if (pkg.startsWith('@medplum')) return 'medplum (validation, FHIRPath)';
    return `npm ${pkg}`;
  }
  const haven = /server\/src\/([^/]+)\//.exec(url);
  if (haven) return `haven ${haven[1]}/`;
  if (url.startsWith('node:')) {
    if (url.includes('crypto')) return 'node crypto';
    if (/http|net|stream|buffer|events|timers|async_hooks|process/.test(url))
      return 'node http/net/streams';
    return 'node other';
  }
  return 'other';
}

export function summarize(path: string): void {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as {
    nodes: ProfileNode[];
    samples: number[];
    timeDeltas: number[];
  };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const areas = new Map<string, number>();
  const fns = new Map<string, number>();
  let busy = 0;
  for (const [id, us] of self) {
    const frame = byId.get(id)?.callFrame;
    if (!frame || frame.functionName === '(idle)') continue;
    busy += us;
    const a = area(frame.url, frame.functionName);
    areas.set(a, (areas.get(a) ?? 0) + us);
    const where = frame.url.replace(/^.*\/(node_modules|server\/src)\//, '');
    const f = `${frame.functionName || '(anonymous)'} ${where}:${frame.lineNumber + 1}`;
    fns.set(f, (fns.get(f) ?? 0) + us);
  }
  const top = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, us]) => `    ${((100 * us) / busy).toFixed(1).padStart(5)}%  ${k}`)
      .join('\n');
  out(`  profile ${path}: busy ${(busy / 1e6).toFixed(1)} s of server CPU; self time by area:`);
  out(top(areas, 14));
  out('  top functions (self):');
  out(top(fns, 12));
}
