/**
 * The load generator of fhir-api.bench.ts, run as its child process (so its CPU is not the
 * server's): N keep-alive connections (node's http.Agent), each looping "send one request, read
 * the whole answer". Node built-ins only. The parent sends one Phase per message and gets a
 * PhaseResult back; latencies are per request, from writing it to the last byte of the answer.
 */
import http from 'node:http';

export interface Phase {
  port: number;
  concurrency: number;
  warmupSeconds: number;
  seconds: number;
  method: 'GET' | 'POST';
  /** Paths to pick from at random, one per request. */
  paths: string[];
  headers: Record<string, string>;
  /** POST only: bodies to pick from at random, one per request (index-aligned with nothing). */
  bodies?: string[];
  /** Status that counts as success. */
  expect: number;
}

export interface PhaseResult {
  requests: number;
  errors: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  statuses: Record<string, number>;
  /** CPU of this (driver) process per request, µs. */
  driverCpuUs: number;
  firstError?: string;
}

function once(
  agent: http.Agent,
  phase: Phase,
): Promise<{ status: number; body: string | undefined }> {
  const path = phase.paths[Math.floor(Math.random() * phase.paths.length)] as string;
  const body = phase.bodies?.[Math.floor(Math.random() * phase.bodies.length)];
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: phase.port,
        method: phase.method,
        path,
        agent,
        headers: {
          ...phase.headers,
          ...(body !== undefined ? { 'content-length': Buffer.byteLength(body) } : {}),
        },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => {
          if (status !== phase.expect) chunks.push(chunk);
        });
        res.on('end', () =>
          resolve({
            status,
            body: status === phase.expect ? undefined : Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function run(phase: Phase): Promise<PhaseResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: phase.concurrency });
  const statuses: Record<string, number> = {};
  let latencies = new Float64Array(1 << 16);
  let count = 0;
  let errors = 0;
  let firstError: string | undefined;
  let measuring = false;
  const warmEnd = performance.now() + phase.warmupSeconds * 1000;
  const end = warmEnd + phase.seconds * 1000;
  let measureStart = warmEnd;
  let cpuStart = process.cpuUsage();
  const loop = async () => {
    for (;;) {
      const started = performance.now();
      if (started >= end) return;
      if (!measuring && started >= warmEnd) {
        measuring = true;
        measureStart = started;
        cpuStart = process.cpuUsage();
      }
      const counted = measuring;
      let status: number;
      let body: string | undefined;
      try {
        ({ status, body } = await once(agent, phase));
      } catch (error) {
        status = 0;
        body = String(error);
      }
      if (!counted) continue;
      const took = performance.now() - started;
      if (count === latencies.length) {
        const bigger = new Float64Array(latencies.length * 2);
        bigger.set(latencies);
        latencies = bigger;
      }
      latencies[count++] = took;
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status !== phase.expect) {
        errors += 1;
        firstError ??= `${status} ${body?.slice(0, 400) ?? ''}`;
      }
    }
  };
  await Promise.all(Array.from({ length: phase.concurrency }, loop));
  const seconds = (performance.now() - measureStart) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  agent.destroy();
  const sorted = latencies.subarray(0, count).sort();
  const at = (q: number) => sorted[Math.min(count - 1, Math.floor(q * count))] ?? NaN;
  return {
    requests: count,
    errors,
    seconds,
    perSecond: count / seconds,
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    max: sorted[count - 1] ?? NaN,
    statuses,
    driverCpuUs: (cpu.user + cpu.system) / Math.max(1, count),
    ...(firstError !== undefined ? { firstError } : {}),
  };
}

process.on('message', (phase: Phase) => {
  run(phase).then(
    (result) => process.send?.({ result }),
    (error: unknown) => process.send?.({ error: String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
