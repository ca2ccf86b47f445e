#!/usr/bin/env node
// The `haven` command. The server runs from its TypeScript sources through tsx's loader
// (an esbuild transform per file, no build step to forget); `npm run typecheck` checks types.
import { register } from 'tsx/esm/api';

register();
await import('../server/src/cli/main.ts');
