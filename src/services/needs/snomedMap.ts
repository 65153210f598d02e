/**
 * Needs to SNOMED CT, from data/needs-snomed.json: a concept only where the standard or NHS guidance names one (with
 * its source beside it in the file); every other need stays in the local code system. Read once, checked on load:
 * every need id in the taxonomy must be listed (null for unmapped), and a mapping must say where it came from.
 */
import { readFileSync } from 'node:fs';
import { projectPath } from '../../paths';
import { NEED_IDS, type NeedId } from './taxonomy';

export interface SnomedConcept {
  code: string;
  /** The preferred term. */
  display: string;
  /** The page that names it for this need, and when it was read. */
  source: string;
  read: string;
}

interface MapFile {
  needs: Record<string, SnomedConcept | null>;
}

export function parseNeedsSnomedMap(file: MapFile, needIds: readonly NeedId[] = NEED_IDS): ReadonlyMap<NeedId, SnomedConcept> {
  const map = new Map<NeedId, SnomedConcept>();
  for (const id of needIds) {
    if (file.needs[id] === undefined) throw new Error(`data/needs-snomed.json does not list the need "${id}" (use null when it has no SNOMED CT concept)`);
    const concept = file.needs[id];
    if (concept === null) continue;
    if (!/^\d{6,18}$/.test(concept.code) || !concept.display || !concept.source || !/^\d{4}-\d{2}-\d{2}$/.test(concept.read)) {
      throw new Error(`data/needs-snomed.json: the need "${id}" needs a SNOMED CT code (digits), a display, a source and the date it was read`);
    }
    map.set(id, concept);
  }
  for (const id of Object.keys(file.needs)) if (!needIds.includes(id)) throw new Error(`data/needs-snomed.json lists "${id}", which is not a need id`);
  return map;
}

let loaded: ReadonlyMap<NeedId, SnomedConcept> | undefined;

/** The SNOMED CT concept for a need, or undefined when the need is local only. */
export function needSnomed(id: NeedId): SnomedConcept | undefined {
  loaded ??= parseNeedsSnomedMap(JSON.parse(readFileSync(projectPath('data', 'needs-snomed.json'), 'utf8')) as MapFile);
  return loaded.get(id);
}
