/** The `haven` command line. Each command lives in its own file under commands/. */
import { Command } from 'commander';
import { HAVEN_VERSION } from '../version.js';
import { registerAudit } from './commands/audit.js';
import { registerConfig } from './commands/config.js';
import { registerDemo } from './commands/demo.js';
import { registerImport } from './commands/import.js';
import { registerKeys } from './commands/keys.js';
import { registerMigrate } from './commands/migrate.js';
import { registerPromises } from './commands/promises.js';
import { registerSeed } from './commands/seed.js';
import { registerStart } from './commands/start.js';
import { exitWith } from './fail.js';

const program = new Command()
  .name('haven')
  .description(
    'Haven: a patient portal and clinic platform whose privacy promises are enforced by code.',
  )
  .version(HAVEN_VERSION);

registerStart(program);
registerMigrate(program);
registerSeed(program);
registerPromises(program);
registerAudit(program);
registerKeys(program);
registerConfig(program);
registerDemo(program);
registerImport(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  exitWith(error);
}
