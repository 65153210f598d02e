/**
 * GP practices: a list imported from NHS ODS's published CSV (`signpost practices import epraccur.csv`), so the
 * practice a person names can be recorded with its ODS code. Without a list, or without a clear match, the practice
 * stays free text.
 *
 * The file: NHS ODS "GP Practices (Prescribing Cost Centres)", report `epraccur`
 * (https://odsdatasearchandexport.dc4h.link/referenceDataCatalogue/565791179.html, read 2026-12-06: "GP Practice" codes
 * are prescribing cost centre codes, the GP practices among them having the role RO76; dormant and proposed practices
 * are listed too, so a record's status matters). It has no header row; columns by position (1-based): 1 Organisation Code,
 * 2 Name, 3 National Grouping, 4 High Level Health Geography, 5-9 Address Lines 1-5, 10 Postcode, 11 Open Date,
 * 12 Close Date, 13 Status Code (A active, C closed, D dormant, P proposed), 14 Organisation Sub-Type Code,
 * 15 Commissioner, 16 Join Provider/Purchaser Date, 17 Left Provider/Purchaser Date, 18 Contact Telephone Number,
 * 19-21 Null, 22 Amended Record Indicator, 23 Null, 24 Provider/Purchaser, 25 Null, 26 Prescribing Setting, 27 Null.
 * The layout is the long-standing one of the ODS file (postcode as the 10th column is how other projects read it);
 * the catalogue page above does not show the positions or the status and setting codes, so the reader relies only on
 * code, name, postcode and status, checks each row's shape and reports rows it cannot read rather than guessing; it
 * does not filter on prescribing setting (walk-in and out-of-hours centres stay in the list: nobody names one as their
 * GP, and a match to one would still carry a real ODS code). A file with a header row naming the columns is read by
 * name instead.
 */
import { parse } from 'csv-parse/sync';

export interface GpPractice {
  /** ODS code, upper case ("L81004"). */
  odsCode: string;
  /** As ODS publishes it, usually upper case ("FISHPONDS FAMILY PRACTICE"). */
  name: string;
  postcode?: string;
}

/** The imported practice list (a storage port: SQLite and MongoDB adapters). */
export interface PracticeList {
  /** Replaces the whole list with these practices (one import is the list). */
  replaceAll(practices: readonly GpPractice[]): Promise<number>;
  count(): Promise<number>;
  get(odsCode: string): Promise<GpPractice | null>;
  /** Practices whose name has this key (practiceNameKey), at most `limit`. */
  findByNameKey(key: string, limit?: number): Promise<GpPractice[]>;
}

/** Words that say "a GP practice" and nothing about which: left out of the key ("Fishponds Surgery" and "FISHPONDS FAMILY PRACTICE" both key "fishponds"). */
const GENERIC = new Set(['the', 'surgery', 'practice', 'medical', 'centre', 'center', 'health', 'healthcare', 'group', 'gp', 'gps', 'doctors', 'doctor', 'dr', 'drs', 'clinic', 'partnership', 'family', 'and', 'at', 'of']);

/** The words of a practice name that tell it apart, lower case, in order: "The Fishponds Family Practice" -> "fishponds". */
export function practiceNameKey(name: string): string {
  const words = name.toLowerCase().replace(/&/g, ' and ').replace(/['’]/g, '').replace(/[^a-z0-9]+/g, ' ').trim().split(' ').filter(Boolean);
  const telling = words.filter((w) => !GENERIC.has(w));
  return (telling.length > 0 ? telling : words).join(' ');
}

export const ODS_PRACTICE_CODE = /^[A-Z]\d{5}$/;

export interface EpraccurReport {
  practices: GpPractice[];
  /** Rows left out: closed (status C) or only proposed (P). */
  skipped: number;
  /** Rows that could not be read (line numbers, 1-based), with why. */
  problems: { line: number; problem: string }[];
}

const HEADER_NAMES: Record<string, keyof typeof POSITIONS> = { organisation_code: 'code', name: 'name', postcode: 'postcode', status_code: 'status' };
const POSITIONS = { code: 0, name: 1, postcode: 9, status: 12 };
/** A headerless row must reach the status column. */
const MIN_COLUMNS = 13;

/** Reads an epraccur CSV: practices that are active or dormant (status A or D; a row without a status is kept). */
export function readEpraccur(content: string): EpraccurReport {
  const rows = parse(content, { bom: true, skip_empty_lines: true, relax_column_count: true, relax_quotes: true, trim: true }) as string[][];
  const report: EpraccurReport = { practices: [], skipped: 0, problems: [] };
  let positions: Record<keyof typeof POSITIONS, number | undefined> = { ...POSITIONS };
  let start = 0;
  const header = rows[0]?.map((h) => h.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, ''));
  if (header && header.includes('organisation_code')) {
    positions = { code: undefined, name: undefined, postcode: undefined, status: undefined };
    header.forEach((h, i) => {
      const key = HEADER_NAMES[h];
      if (key) positions[key] = i;
    });
    start = 1;
  }
  const seen = new Set<string>();
  for (let i = start; i < rows.length; i += 1) {
    const row = rows[i];
    if (start === 0 && row.length < MIN_COLUMNS) {
      report.problems.push({ line: i + 1, problem: `${row.length} columns, not the ODS layout (${MIN_COLUMNS} or more)` });
      continue;
    }
    const cell = (key: keyof typeof POSITIONS) => (positions[key] === undefined ? '' : (row[positions[key]] ?? '').trim());
    const code = cell('code').toUpperCase();
    const name = cell('name').replace(/\s+/g, ' ');
    if (!code || !name) {
      report.problems.push({ line: i + 1, problem: 'no organisation code or name' });
      continue;
    }
    if (!/^[A-Z0-9]{3,10}$/.test(code)) {
      report.problems.push({ line: i + 1, problem: `"${code}" is not an ODS code` });
      continue;
    }
    const status = cell('status').toUpperCase();
    if (status && status !== 'A' && status !== 'D') {
      report.skipped += 1;
      continue;
    }
    if (seen.has(code)) {
      report.problems.push({ line: i + 1, problem: `${code} appears twice (the first is kept)` });
      continue;
    }
    seen.add(code);
    const postcode = cell('postcode').toUpperCase().replace(/\s+/g, ' ');
    report.practices.push({ odsCode: code, name, ...(postcode ? { postcode } : {}) });
  }
  return report;
}

/**
 * The practice a person named, when the list names exactly one: by its ODS code ("L81004"), or by the telling words
 * of its name. Several practices with the same name words (two "Park Surgery"s) is no match: the answer stays text.
 */
export async function matchPractice(list: PracticeList, text: string): Promise<GpPractice | undefined> {
  const typed = text.trim().toUpperCase();
  if (ODS_PRACTICE_CODE.test(typed)) return (await list.get(typed)) ?? undefined;
  const key = practiceNameKey(text);
  if (!key) return undefined;
  const found = await list.findByNameKey(key, 2);
  return found.length === 1 ? found[0] : undefined;
}

/** "FISHPONDS FAMILY PRACTICE" -> "Fishponds Family Practice": how a matched practice is shown back to people. */
export function practiceDisplayName(name: string): string {
  return name.toLowerCase().replace(/\b([a-z])/g, (c) => c.toUpperCase()).replace(/\bGp\b/g, 'GP').replace(/\bNhs\b/g, 'NHS');
}
