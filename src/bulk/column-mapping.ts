/**
 * A file's own names for the customer fields. Columns (CSV) and members (NDJSON) named as in the
 * API need no mapping; others are mapped with `--map "Phone=phoneNumber,ZIP=zipCode"` or a JSON
 * file (`--mapping`), and an empty target (`--map "Notes="`, or null in the file) leaves one out.
 * A CSV header with a column that is neither a field nor mapped stops the import before any row is
 * read: every row would otherwise be refused for it.
 */
import { readFileSync } from 'node:fs';
import { EXPORT_ONLY_FIELDS, IMPORT_FIELDS } from './fields.ts';
import { UsageError } from './usage-error.ts';

/** A name in the file → the field it holds, or null for a column to leave out. */
export type ColumnMapping = ReadonlyMap<string, string | null>;

/** `--map` values (the flag may be repeated): comma-separated `name=field` pairs. */
export function parseMapOption(values: readonly string[]): Map<string, string | null> {
  const mapping = new Map<string, string | null>();
  for (const value of values) {
    for (const pair of value.split(',')) {
      if (pair.trim() === '') continue;
      // Field names never hold "=", so the last one separates: a file's name may contain one.
      const at = pair.lastIndexOf('=');
      if (at < 0) throw new UsageError(`--map takes name=field pairs separated by commas: "${pair.trim()}" has no "="`);
      add(mapping, pair.slice(0, at).trim(), pair.slice(at + 1).trim() || null, '--map');
    }
  }
  return mapping;
}

/** A `--mapping` file: a JSON object of name → field (null or "" leaves the column out). */
export function readMappingFile(file: string): Map<string, string | null> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : 'is not a readable JSON file';
    throw new UsageError(`the mapping file ${file} ${reason}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(`the mapping file ${file} must be a JSON object of column name → field, e.g. {"Phone": "phoneNumber", "Notes": null}`);
  }
  const mapping = new Map<string, string | null>();
  for (const [name, target] of Object.entries(parsed as Record<string, unknown>)) {
    if (target !== null && typeof target !== 'string') throw new UsageError(`the mapping file ${file}: "${name}" must map to a field name or null`);
    add(mapping, name.trim(), target?.trim() || null, `the mapping file ${file}`);
  }
  return mapping;
}

function add(mapping: Map<string, string | null>, name: string, target: string | null, where: string): void {
  if (name === '') throw new UsageError(`${where}: a pair has no column name`);
  if (target !== null && !IMPORT_FIELDS.has(target)) throw new UsageError(`${where}: ${target} is not a customer field (${fieldList()})`);
  if (mapping.has(name) && mapping.get(name) !== target) throw new UsageError(`${where}: ${name} is mapped twice`);
  mapping.set(name, target);
}

/** Both ways of mapping together; `--map` pairs win over the file's for the same name. */
export function combineMappings(file: ColumnMapping | undefined, flags: ColumnMapping): ColumnMapping {
  return new Map([...(file ?? []), ...flags]);
}

/**
 * The field a name in the file holds: its mapping, else the name itself. Null: leave it out (mapped
 * to nothing, or written by an export and not importable).
 */
export function fieldOf(name: string, mapping: ColumnMapping): string | null {
  if (mapping.has(name)) return mapping.get(name)!;
  return EXPORT_ONLY_FIELDS.has(name) ? null : name;
}

export interface PlannedColumn {
  /** The header as the file writes it. */
  readonly source: string;
  /** The field its cells go to; null when the column is left out. */
  readonly field: string | null;
}

/**
 * Each column of a CSV header with its field. Throws a usage error listing every column that is
 * unknown or unnamed, or that holds the same field as another; `notices` tells what was left out.
 */
export function planColumns(header: readonly string[], mapping: ColumnMapping): { columns: PlannedColumn[]; notices: string[] } {
  const problems: string[] = [];
  const notices: string[] = [];
  const unknown: string[] = [];
  const owner = new Map<string, string>();
  const skipped: string[] = [];
  const columns = header.map((raw, position): PlannedColumn => {
    const source = raw.trim();
    if (source === '') {
      if (!mapping.has('')) problems.push(`column ${position + 1} has no name in the header`);
      return { source, field: null };
    }
    const field = fieldOf(source, mapping);
    if (field === null) {
      if (!mapping.has(source)) skipped.push(source);
      return { source, field };
    }
    if (!IMPORT_FIELDS.has(field)) {
      unknown.push(source);
      return { source, field: null };
    }
    const earlier = owner.get(field);
    if (earlier !== undefined) problems.push(`columns ${earlier} and ${source} both hold ${field}`);
    owner.set(field, source);
    return { source, field };
  });
  if (unknown.length > 0) {
    const named = unknown.map((name) => {
      const like = [...IMPORT_FIELDS.keys()].find((field) => field.toLowerCase() === name.toLowerCase());
      return like ? `${name} (did you mean ${like}?)` : name;
    });
    problems.unshift(
      `the header has columns that are not customer fields: ${named.join(', ')}. Name them as the API does (${fieldList()}) or map them: --map "${unknown[0]}=<field>" (--map "${unknown[0]}=" leaves the column out)`,
    );
  }
  if (problems.length > 0) throw new UsageError(problems.join('; '));
  if (skipped.length > 0) notices.push(`columns written by an export and not importable are skipped: ${skipped.join(', ')}`);
  const absent = [...mapping.keys()].filter((name) => !header.some((column) => column.trim() === name));
  if (absent.length > 0) notices.push(`the mapping names columns the header does not have: ${absent.join(', ')}`);
  return { columns, notices };
}

function fieldList(): string {
  return [...IMPORT_FIELDS.keys()].join(', ');
}
