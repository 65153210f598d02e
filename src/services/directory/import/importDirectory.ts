/**
 * Imports a directory file (Open Referral UK JSON or CSV) through DirectoryRepository.upsertMany: re-importing the
 * same file updates, never duplicates (ids are `<dataset>:<source id>`). Returns a report of what was imported,
 * updated and skipped, and why.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import type { DirectoryRepository, DirectoryService } from '../DirectoryService';
import { draftFromCsv, mapHeaders, type CsvColumn } from './csvReader';
import { draftFromOruk, ImportFormatError, orukRecords } from './orukReader';
import { finishService, type ImportContext, type ServiceDraft } from './serviceDraft';
import { TaxonomyMap } from './taxonomyMap';

export type ImportFormat = 'oruk' | 'csv';

export interface ImportIssue {
  /** 1-based record number in the file (the CSV row number counts the header as row 1). */
  record: number;
  id?: string;
  name?: string;
  reason: string;
}

export interface ImportReport {
  file?: string;
  format: ImportFormat;
  dataset: string;
  /** Records read from the file. */
  read: number;
  /** New to the directory. */
  imported: number;
  /** Already there (by id) and written again. */
  updated: number;
  skipped: ImportIssue[];
  /** Imported, with something left out or worth checking. */
  warnings: ImportIssue[];
  /** Taxonomy terms that mapped to no need, with how many services used each (most used first). */
  unmappedTerms: { term: string; services: number }[];
  /** CSV columns Signpost did not use. */
  unusedColumns: string[];
  /**
   * Services whose own words limit who they are for in a way Signpost cannot interpret for sure: the words are kept
   * and shown as they are, and matching ranks these after unrestricted services unless the person plainly fits.
   */
  restricted: (ImportIssue & { words: string[] })[];
}

export interface ImportOptions {
  format?: ImportFormat;
  /** Short name of the source, used in ids; default: the file name without extension. */
  dataset?: string;
  licence?: string;
  taxonomy?: TaxonomyMap;
  now?: Date;
  /** Services written per upsertMany call. */
  batchSize?: number;
  /** Called as records are processed (the CLI draws a progress bar). */
  onProgress?: (done: number, total: number) => void;
}

/** "oruk" for .json, "csv" for .csv; otherwise the caller must say. */
export function formatFromFileName(file: string): ImportFormat | undefined {
  const ext = path.extname(file).toLowerCase();
  return ext === '.json' ? 'oruk' : ext === '.csv' ? 'csv' : undefined;
}

export function datasetFromFileName(file: string): string {
  return path.basename(file, path.extname(file)).toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '') || 'import';
}

/** Reads the file's records as drafts (record numbers kept). */
export function readDrafts(content: string, format: ImportFormat, taxonomy: TaxonomyMap): { drafts: { record: number; draft: ServiceDraft }[]; unusedColumns: string[] } {
  if (format === 'oruk') {
    let document: unknown;
    try {
      document = JSON.parse(content);
    } catch (error) {
      throw new ImportFormatError(`this is not valid JSON: ${(error as Error).message}`);
    }
    return { drafts: orukRecords(document).map((record, i) => ({ record: i + 1, draft: draftFromOruk(record) })), unusedColumns: [] };
  }
  let rows: string[][];
  try {
    rows = parseCsv(content, { bom: true, skip_empty_lines: true, relax_column_count: true, relax_quotes: true }) as string[][];
  } catch (error) {
    throw new ImportFormatError(`this CSV could not be read: ${(error as Error).message}`);
  }
  if (rows.length === 0) throw new ImportFormatError('the CSV is empty');
  const [headers, ...body] = rows;
  let mapped: ReturnType<typeof mapHeaders>;
  try {
    mapped = mapHeaders(headers);
  } catch (error) {
    throw new ImportFormatError((error as Error).message);
  }
  const drafts = body.map((cells, i) => {
    const row: Partial<Record<CsvColumn, string>> = {};
    mapped.columns.forEach((column, c) => {
      if (column) row[column] = cells[c] ?? '';
    });
    return { record: i + 2, draft: draftFromCsv(row, taxonomy) };
  });
  return { drafts, unusedColumns: mapped.unused };
}

/** Imports already-read content. */
export async function importDirectoryContent(repository: DirectoryRepository, content: string, options: ImportOptions & { format: ImportFormat; dataset: string }): Promise<ImportReport> {
  const taxonomy = options.taxonomy ?? TaxonomyMap.fromFile();
  const ctx: ImportContext = { dataset: options.dataset, licence: options.licence ?? 'unknown', taxonomy, now: options.now ?? new Date() };
  const { drafts, unusedColumns } = readDrafts(content, options.format, taxonomy);
  const report: ImportReport = { format: options.format, dataset: options.dataset, read: drafts.length, imported: 0, updated: 0, skipped: [], warnings: [], unmappedTerms: [], unusedColumns, restricted: [] };
  const unmapped = new Map<string, number>();
  const seen = new Set<string>();
  const batchSize = Math.max(1, options.batchSize ?? 500);
  let batch: DirectoryService[] = [];
  let done = 0;

  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    // A link worker's mark (not suitable, closed, wrong number) is theirs, not the file's: importing again keeps it,
    // as directory sync does.
    const befores = await Promise.all(batch.map((service) => repository.get(service.id)));
    batch = batch.map((service, i) => (befores[i]?.mark ? { ...service, mark: befores[i]?.mark } : service));
    const { inserted, updated } = await repository.upsertMany(batch);
    report.imported += inserted;
    report.updated += updated;
    batch = [];
  };

  options.onProgress?.(0, drafts.length);
  for (const { record, draft } of drafts) {
    const finished = finishService(draft, ctx);
    if (!finished.ok) {
      report.skipped.push({ record, id: finished.originalId, name: finished.name, reason: finished.reason });
    } else if (seen.has(finished.service.id)) {
      report.skipped.push({ record, id: finished.service.source.originalId, name: finished.service.name, reason: 'the same id appears earlier in this file' });
    } else {
      seen.add(finished.service.id);
      batch.push(finished.service);
      for (const warning of finished.warnings) report.warnings.push({ record, id: finished.service.source.originalId, name: finished.service.name, reason: warning });
      if (finished.restrictions.length > 0) report.restricted.push({ record, id: finished.service.source.originalId, name: finished.service.name, reason: 'who it is for, kept as its own words', words: finished.restrictions });
      for (const term of new Set(finished.unmappedTerms)) unmapped.set(term, (unmapped.get(term) ?? 0) + 1);
      if (batch.length >= batchSize) await flush();
    }
    done += 1;
    if (done % 100 === 0 || done === drafts.length) options.onProgress?.(done, drafts.length);
  }
  await flush();
  report.unmappedTerms = [...unmapped.entries()].map(([term, services]) => ({ term, services })).sort((a, b) => b.services - a.services || a.term.localeCompare(b.term));
  return report;
}

/** Reads a file and imports it. Throws ImportFormatError (with a clear message) when the file cannot be read as the format. */
export async function importDirectoryFile(repository: DirectoryRepository, file: string, options: ImportOptions = {}): Promise<ImportReport> {
  const format = options.format ?? formatFromFileName(file);
  if (!format) throw new ImportFormatError(`cannot tell the format of ${path.basename(file)}: use --format oruk or --format csv`);
  const content = await readFile(file, 'utf8');
  const report = await importDirectoryContent(repository, content, { ...options, format, dataset: options.dataset ?? datasetFromFileName(file) });
  return { ...report, file };
}
