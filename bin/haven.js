#!/usr/bin/env -S node --experimental-websocket
// --experimental-websocket: on Node 20 the @medplum/* packages (FHIR validation and FHIRPath)
// reference the global WebSocket when imported; Node 22 has it without the flag.
// The `haven` command. The server runs from its TypeScript sources through tsx's loader
// (an esbuild transform per file, no build step to forget); `npm run typecheck` checks types.
import { register } from 'tsx/esm/api';

register();
await import('../server/src/cli/main.ts');
