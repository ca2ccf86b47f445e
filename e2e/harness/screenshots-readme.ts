/**
 * The README of docs/screenshots: which picture shows which page, grouped by who was signed
 * in, written in the repository's prettier style so `npm run format:check` passes.
 */
import { writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';

export interface Shot {
  name: string;
  title: string;
  files: Partial<Record<'desktop' | 'phone', string>>;
}

export interface ShotGroup {
  heading: string;
  who: string;
  shots: Shot[];
}

function readme(groups: ShotGroup[]): string {
  const lines = [
    '# Screenshots',
    '',
    'The main pages of Haven at desktop (1280×800) and phone (375×812) width, made by',
    '`npm run screenshots` (e2e/screenshots.ts) against a fresh Haven with the demo practice.',
    'Run it again after changing a page; it replaces every picture here.',
    '',
  ];
  for (const group of groups) {
    if (group.shots.length === 0) continue;
    lines.push(
      `## ${group.heading}`,
      '',
      group.who,
      '',
      '| Page | Desktop | Phone |',
      '| --- | --- | --- |',
    );
    for (const shot of group.shots) {
      const { desktop, phone } = shot.files;
      const link = (file: string | undefined) => (file ? `[${file}](${file})` : '');
      lines.push(`| ${shot.title} | ${link(desktop)} | ${link(phone)} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

export async function writeScreenshotsReadme(file: string, groups: ShotGroup[]): Promise<void> {
  const options = (await resolveConfig(file)) ?? {};
  writeFileSync(file, await format(readme(groups), { ...options, filepath: file }));
}
