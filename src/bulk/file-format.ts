/** Which reader a file needs: CSV with a header row, or NDJSON (one JSON object a line). */
import path from 'node:path';
import { UsageError } from './usage-error.ts';

export type FileFormat = 'csv' | 'ndjson';

const BY_EXTENSION: Readonly<Record<string, FileFormat>> = { '.csv': 'csv', '.ndjson': 'ndjson', '.jsonl': 'ndjson' };

/**
 * `--format` when given, else the file's extension (.csv, .ndjson, .jsonl, any case); `fallback`
 * when neither says (an export to standard output), or a usage error naming both ways to say it.
 */
export function fileFormat(file: string | undefined, explicit: string | undefined, fallback?: FileFormat): FileFormat {
  if (explicit !== undefined) {
    const format = explicit.trim().toLowerCase();
    if (format === 'csv' || format === 'ndjson') return format;
    if (format === 'jsonl') return 'ndjson';
    throw new UsageError('--format must be csv or ndjson');
  }
  const byExtension = file === undefined ? undefined : BY_EXTENSION[path.extname(file).toLowerCase()];
  if (byExtension) return byExtension;
  if (fallback) return fallback;
  throw new UsageError(`cannot tell the format of ${file ?? 'the output'} from its extension (.csv, .ndjson or .jsonl): add --format csv or --format ndjson`);
}
