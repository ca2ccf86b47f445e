// Reads the promise tables of PROMISES.md. Only the consistency test (and the one-off generation
// of registry.json) needs this: at run time the registry file is the source of truth.

/** One promise row as written in PROMISES.md. */
export interface MarkdownPromise {
  id: string;
  /** The `## ` heading the row sits under, without its trailing "(DATA)"-style ID list. */
  area: string;
  promise: string;
  seeds: string[];
  behaviour: string;
}

const REQUIRED_COLUMNS = ['ID', 'promise', 'seeds', 'behaviour'] as const;

/** Splits a markdown table row into trimmed cells, honouring `\|` escapes inside a cell. */
function splitRow(line: string): string[] {
  const inner = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  return inner.split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, '|'));
}

function isSeparatorRow(cells: string[]): boolean {
  return cells.every((cell) => /^:?-+:?$/.test(cell));
}

/**
 * Parses every promise table in PROMISES.md, in document order. Columns are found by their
 * header name, so reordering columns does not silently shift fields. Throws on a table without
 * the expected columns, a row with the wrong number of cells, or a row outside any `## ` section,
 * because a silently skipped row would be a promise missing from the registry.
 */
export function parsePromisesMarkdown(text: string): MarkdownPromise[] {
  const promises: MarkdownPromise[] = [];
  let area: string | undefined;
  let columns: Map<string, number> | undefined;

  text.split(/\r?\n/).forEach((line, index) => {
    const lineNo = index + 1;
    const heading = /^##\s+(.+?)\s*$/.exec(line);
    if (heading?.[1]) {
      area = heading[1].replace(/\s*\([A-Z][A-Z0-9, ]*\)$/, '');
      columns = undefined;
      return;
    }
    if (!line.trim().startsWith('|')) {
      columns = undefined; // a blank or prose line ends the table
      return;
    }
    const cells = splitRow(line);
    if (!columns) {
      columns = new Map(cells.map((name, i) => [name, i]));
      const missing = REQUIRED_COLUMNS.filter((name) => !columns?.has(name));
      if (missing.length > 0) {
        throw new Error(`PROMISES.md line ${lineNo}: table lacks column(s) ${missing.join(', ')}`);
      }
      return;
    }
    if (isSeparatorRow(cells)) return;
    if (cells.length !== columns.size) {
      throw new Error(
        `PROMISES.md line ${lineNo}: expected ${columns.size} cells, found ${cells.length}`,
      );
    }
    if (area === undefined) {
      throw new Error(`PROMISES.md line ${lineNo}: promise row outside a "## " section`);
    }
    const cell = (name: (typeof REQUIRED_COLUMNS)[number]): string =>
      cells[columns?.get(name) ?? -1] ?? '';
    promises.push({
      id: cell('ID'),
      area,
      promise: cell('promise'),
      seeds: cell('seeds').split(/\s+/).filter(Boolean),
      behaviour: cell('behaviour'),
    });
  });
  return promises;
}
