/**
 * The mapping from directories' taxonomy terms to Signpost's need ids (data/directory/taxonomy-map.json by default).
 * Need ids come from the one taxonomy (cognitiveModels/needs.json); a mapping naming any other id is refused.
 */
import { readFileSync } from 'node:fs';
import { projectPath } from '../../../paths';
import { isNeedId, NEED_IDS, type NeedId } from '../../needs/taxonomy';

export const DEFAULT_TAXONOMY_MAP_FILE = projectPath('data', 'directory', 'taxonomy-map.json');

/** A taxonomy term as a directory gives it: a name and/or an id, perhaps from a named vocabulary. */
export interface TermRef {
  name?: string;
  id?: string;
  vocabulary?: string;
}

interface MappingEntry {
  needs: NeedId[];
  terms: string[];
  vocabulary?: string;
}

export class TaxonomyMapError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TaxonomyMapError';
  }
}

/** Case, spacing and "&" versus "and" do not matter. */
export function termKey(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/&/g, ' and ').replace(/\s+/g, ' ').trim();
}

const ANY_VOCABULARY = '*';
const needOrder = new Map(NEED_IDS.map((id, index) => [id, index]));

export class TaxonomyMap {
  /** vocabulary key -> term key -> needs */
  private readonly table = new Map<string, Map<string, Set<NeedId>>>();

  constructor(entries: MappingEntry[], readonly source = 'taxonomy map') {
    entries.forEach((entry, index) => {
      const where = `${source}: mappings[${index}]`;
      if (!Array.isArray(entry.needs) || entry.needs.length === 0) throw new TaxonomyMapError(`${where} needs a non-empty "needs" list`);
      if (!Array.isArray(entry.terms) || entry.terms.length === 0) throw new TaxonomyMapError(`${where} needs a non-empty "terms" list`);
      for (const need of entry.needs) {
        if (typeof need !== 'string' || !isNeedId(need)) throw new TaxonomyMapError(`${where} names need "${String(need)}", which is not in cognitiveModels/needs.json (known: ${NEED_IDS.join(', ')})`);
      }
      const vocabulary = entry.vocabulary === undefined ? ANY_VOCABULARY : termKey(entry.vocabulary);
      const terms = this.table.get(vocabulary) ?? new Map<string, Set<NeedId>>();
      this.table.set(vocabulary, terms);
      for (const term of entry.terms) {
        if (typeof term !== 'string' || term.trim() === '') throw new TaxonomyMapError(`${where} has an empty term`);
        const key = termKey(term);
        const needs = terms.get(key) ?? new Set<NeedId>();
        entry.needs.forEach((n) => needs.add(n));
        terms.set(key, needs);
      }
    });
  }

  static fromFile(file = DEFAULT_TAXONOMY_MAP_FILE): TaxonomyMap {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new TaxonomyMapError(`${file} could not be read as JSON: ${(error as Error).message}`);
    }
    const mappings = (parsed as { mappings?: unknown }).mappings;
    if (!Array.isArray(mappings)) throw new TaxonomyMapError(`${file} needs a "mappings" list`);
    return new TaxonomyMap(mappings as MappingEntry[], file);
  }

  /** The needs these terms map to (in taxonomy order), and the terms that map to nothing. */
  map(terms: TermRef[]): { needs: NeedId[]; unmapped: string[] } {
    const needs = new Set<NeedId>();
    const unmapped: string[] = [];
    for (const term of terms) {
      const found = this.lookup(term);
      if (found.size === 0) unmapped.push(term.name?.trim() || term.id || '');
      found.forEach((n) => needs.add(n));
    }
    return { needs: [...needs].sort((a, b) => (needOrder.get(a) ?? 0) - (needOrder.get(b) ?? 0)), unmapped: unmapped.filter(Boolean) };
  }

  private lookup(term: TermRef): Set<NeedId> {
    const keys = [term.name, term.id].filter((k): k is string => typeof k === 'string' && k.trim() !== '').map(termKey);
    const tables = [this.table.get(ANY_VOCABULARY), term.vocabulary ? this.table.get(termKey(term.vocabulary)) : undefined];
    const found = new Set<NeedId>();
    for (const table of tables) {
      for (const key of keys) table?.get(key)?.forEach((n) => found.add(n));
    }
    return found;
  }
}
