// Loads a committed reference-data JSON file from src/reference/data/. The only I/O of the
// reference modules, done once when each module is first imported. The files are read rather than
// imported as JSON modules so TypeScript does not infer a type for 40,000 object keys on every
// type-check, and so the loader can fail with the file's name when the data is damaged.

import { readFileSync } from 'node:fs';

export function readDataJson(fileName: string): unknown {
  const url = new URL(`./data/${fileName}`, import.meta.url);
  let text: string;
  try {
    text = readFileSync(url, 'utf8');
  } catch (cause) {
    throw new Error(`reference data ${fileName} is missing; run npm run generate:reference`, { cause });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new Error(`reference data ${fileName} is not valid JSON`, { cause });
  }
}

export function dataError(fileName: string, detail: string): Error {
  return new Error(`reference data ${fileName} is malformed: ${detail}; regenerate it with npm run generate:reference`);
}
