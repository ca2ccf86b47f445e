import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const scripts = (
  JSON.parse(readFileSync(`${repoRoot}package.json`, 'utf8')) as {
    scripts: Record<string, string>;
  }
).scripts;

describe("the README's commands", () => {
  it('every npm script that starts bin/haven.js with node gives it the WebSocket flag Node 20 needs', () => {
    const starting = Object.entries(scripts).filter(([, command]) =>
      /\bnode\b[^&|;]*bin\/haven\.js/.test(command),
    );
    expect(starting.map(([name]) => name).sort()).toEqual(['haven', 'start']);
    for (const [name, command] of starting) {
      expect(command, name).toMatch(/node --experimental-websocket bin\/haven\.js/);
    }
  });

  it('`npm run haven` runs the command as the README shows it', () => {
    const run = spawnSync('npm', ['run', '-s', 'haven', '--', 'promises'], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: process.env.HOME, HAVEN_LOG_LEVEL: 'warn' },
      timeout: 60_000,
    });
    expect(run.stderr).not.toMatch(/WebSocket is not defined/);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/\d+ promises: \d+ enforced/);
  });
});
