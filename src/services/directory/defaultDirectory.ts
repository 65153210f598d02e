/**
 * The bundled default directory (data/directory/manifest.json): real, openly licensed data, imported when the
 * directory store is empty so a fresh install can signpost straight away. Idempotent: importing again updates.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectPath } from '../../paths';
import type { DirectoryRepository, DirectoryService } from './DirectoryService';
import { importDirectoryFile, readDrafts, type ImportFormat, type ImportReport } from './import/importDirectory';
import { finishService } from './import/serviceDraft';
import { TaxonomyMap } from './import/taxonomyMap';

export const DEFAULT_MANIFEST = projectPath('data', 'directory', 'manifest.json');

export interface BundledDataset {
  dataset: string;
  /** Absolute path. */
  file: string;
  format: ImportFormat;
  licence: string;
}

export function bundledDatasets(manifest = DEFAULT_MANIFEST): BundledDataset[] {
  const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { datasets: BundledDataset[] };
  return parsed.datasets.map((d) => ({ ...d, file: path.resolve(path.dirname(manifest), d.file) }));
}

/** Imports every bundled dataset. */
export async function importBundledDirectory(repository: DirectoryRepository, options: { manifest?: string; taxonomy?: TaxonomyMap; now?: Date } = {}): Promise<ImportReport[]> {
  const taxonomy = options.taxonomy ?? TaxonomyMap.fromFile();
  const reports: ImportReport[] = [];
  for (const d of bundledDatasets(options.manifest)) {
    reports.push(await importDirectoryFile(repository, d.file, { format: d.format, dataset: d.dataset, licence: d.licence, taxonomy, now: options.now }));
  }
  return reports;
}

/** The bundled directory as services, read exactly as the importer reads it but without a store (benchmarks, tests). */
export function readBundledServices(options: { manifest?: string; taxonomy?: TaxonomyMap; now?: Date } = {}): DirectoryService[] {
  const taxonomy = options.taxonomy ?? TaxonomyMap.fromFile();
  const now = options.now ?? new Date();
  return bundledDatasets(options.manifest).flatMap((d) => readDrafts(readFileSync(d.file, 'utf8'), d.format, taxonomy).drafts
    .map(({ draft }) => finishService(draft, { dataset: d.dataset, licence: d.licence, taxonomy, now }))
    .flatMap((finished) => (finished.ok ? [finished.service] : [])));
}

/** At start-up: imports the bundled directory only when the store holds no services. */
export async function ensureDefaultDirectory(repository: DirectoryRepository, options: { manifest?: string } = {}): Promise<{ imported: boolean; services: number }> {
  if ((await repository.count()) > 0) return { imported: false, services: await repository.count() };
  const reports = await importBundledDirectory(repository, options);
  return { imported: true, services: reports.reduce((sum, r) => sum + r.imported + r.updated, 0) };
}
