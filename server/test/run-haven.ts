/** Runs the real `haven` command (bin/haven.js) as a child process, as an operator would. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const HAVEN_BIN = fileURLToPath(new URL('../../bin/haven.js', import.meta.url));

export interface HavenRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  // Only what the command needs: no inherited DATABASE_URL or HAVEN_* from the developer's shell.
  return { PATH: process.env.PATH, HOME: process.env.HOME, HAVEN_LOG_LEVEL: 'warn', ...env };
}

export function runHaven(
  args: string[],
  env: Record<string, string> = {},
  timeoutMs = 60_000,
): Promise<HavenRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--experimental-websocket', HAVEN_BIN, ...args], {
      env: childEnv(env),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `haven ${args.join(' ')} did not finish in ${timeoutMs} ms\n${stdout}\n${stderr}`,
        ),
      );
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface ServingHaven {
  url: string;
  output: () => string;
  stop(): Promise<number | null>;
}

/** Starts `haven start ...` and resolves once it prints the address it serves. */
export function startHavenProcess(
  args: string[],
  env: Record<string, string>,
  timeoutMs = 90_000,
): Promise<ServingHaven> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--experimental-websocket', HAVEN_BIN, 'start', ...args],
    {
      env: childEnv(env),
    },
  );
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`haven start did not come up in ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Haven is running at (\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({
          url: match[1],
          output: () => output,
          stop: () =>
            new Promise((done) => {
              child.once('close', (code) => done(code));
              child.kill('SIGTERM');
            }),
        });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`haven start exited with ${code}:\n${output}`));
    });
  });
}
