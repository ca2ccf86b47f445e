import type { Command } from 'commander';
import { SETTINGS, type SettingSpec } from '../../config/settings.js';

function describeKind(spec: SettingSpec): string {
  const kind = spec.kind;
  switch (kind.type) {
    case 'integer':
      return `integer ${kind.min}-${kind.max}`;
    case 'enum':
      return kind.values.join(' | ');
    case 'url':
      return `URL (${kind.protocols.join(', ')})`;
    default:
      return kind.type;
  }
}

export function registerConfig(program: Command): void {
  program
    .command('config')
    .description('list every setting: environment variable, config-file key, default, meaning')
    .action(() => {
      for (const spec of SETTINGS as readonly SettingSpec[]) {
        const flags = [describeKind(spec), spec.secret ? 'secret' : undefined]
          .filter(Boolean)
          .join(', ');
        const fallback = spec.default === undefined ? '' : ` (default: ${String(spec.default)})`;
        console.log(
          `${spec.env}  [file key "${spec.key}"; ${flags}]${fallback}\n    ${spec.description}\n`,
        );
      }
    });
}
