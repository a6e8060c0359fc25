/**
 * The cells of a table in mappings/, each row held to its schema (src/knowledge/tables.ts).
 */
import { readTable } from './tables.js';

export function mappingRows(file: string): string[][] {
  return readTable(file).map((r) => r.cells);
}
