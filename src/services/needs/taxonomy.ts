/**
 * The needs taxonomy. Its one source is cognitiveModels/needs.json (ids fixed: reports, exports and filters depend
 * on them). Everything else (NLU, directory mapping, dialogs, reports) reads ids and labels from here.
 */
import { readFileSync } from 'node:fs';
import { projectPath } from '../../paths';

export type NeedId = string;

export interface Need {
  id: NeedId;
  label: string;
  description?: string;
  synonyms?: string[];
}

interface TaxonomyFile {
  needs: Need[];
  intents: string[];
}

const file = JSON.parse(readFileSync(projectPath('cognitiveModels', 'needs.json'), 'utf8')) as TaxonomyFile;

export const NEEDS: readonly Need[] = Object.freeze(file.needs.map((n) => Object.freeze({ ...n })));
export const NEED_IDS: readonly NeedId[] = NEEDS.map((n) => n.id);
const byId = new Map(NEEDS.map((n) => [n.id, n]));

export function isNeedId(id: string): id is NeedId {
  return byId.has(id);
}

export function needLabel(id: NeedId): string {
  const need = byId.get(id);
  if (!need) throw new Error(`Unknown need id: ${id}`);
  return need.label;
}

/** Intent ids as listed in cognitiveModels/needs.json (fixed). */
export const INTENT_IDS_FROM_MODEL: readonly string[] = file.intents;
