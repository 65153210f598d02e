/**
 * Gender and ethnicity as the NHS Data Dictionary codes them, each with a way to say "prefer not to say" (the
 * dictionary's Z, "Not stated": the person was asked and chose not to answer). Labels are the dictionary's own words.
 *
 * Sources (read 2026-12-06):
 * - GENDER IDENTITY CODE: https://archive.datadictionary.nhs.uk/DD%20Release%20June%202026/data_elements/gender_identity_code.html
 *   (1 Male (including trans man), 2 Female (including trans woman), 3 Non-binary, 4 Other (not listed), Z Not Stated;
 *   default X Not Known is for "not recorded", which Signpost shows by leaving the field out).
 * - ETHNIC CATEGORY: https://www.datadictionary.nhs.uk/data_elements/ethnic_category.html (the 16+1 categories of the
 *   2001 census, national codes A-S and Z "Not stated"; default 99 "Not known" is likewise left out).
 */

export interface CodedAnswer<C extends string> {
  code: C;
  /** The Data Dictionary's description. */
  label: string;
  /** Words people may use for it, besides the label. */
  synonyms?: readonly string[];
}

export type GenderIdentityCode = '1' | '2' | '3' | '4' | 'Z';

export const GENDER_IDENTITY: readonly CodedAnswer<GenderIdentityCode>[] = [
  { code: '1', label: 'Male (including trans man)', synonyms: ['male', 'man', 'm', 'trans man', 'boy'] },
  { code: '2', label: 'Female (including trans woman)', synonyms: ['female', 'woman', 'f', 'trans woman', 'girl'] },
  { code: '3', label: 'Non-binary', synonyms: ['non-binary', 'non binary', 'nonbinary', 'enby'] },
  { code: '4', label: 'Other (not listed)', synonyms: ['other', 'something else', 'not listed'] },
  { code: 'Z', label: 'Not stated (prefer not to say)', synonyms: ['prefer not to say', 'rather not say', 'not stated', 'not saying'] },
];

export type EthnicCategoryCode = 'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G' | 'H' | 'J' | 'K' | 'L' | 'M' | 'N' | 'P' | 'R' | 'S' | 'Z';

export const ETHNIC_CATEGORY: readonly CodedAnswer<EthnicCategoryCode>[] = [
  { code: 'A', label: 'White - British', synonyms: ['white british', 'british', 'english', 'welsh', 'scottish'] },
  { code: 'B', label: 'White - Irish', synonyms: ['irish', 'white irish'] },
  { code: 'C', label: 'White - Any other White background', synonyms: ['white other', 'other white'] },
  { code: 'D', label: 'Mixed - White and Black Caribbean', synonyms: ['white and black caribbean'] },
  { code: 'E', label: 'Mixed - White and Black African', synonyms: ['white and black african'] },
  { code: 'F', label: 'Mixed - White and Asian', synonyms: ['white and asian'] },
  { code: 'G', label: 'Mixed - Any other mixed background', synonyms: ['mixed', 'other mixed'] },
  { code: 'H', label: 'Asian or Asian British - Indian', synonyms: ['indian'] },
  { code: 'J', label: 'Asian or Asian British - Pakistani', synonyms: ['pakistani'] },
  { code: 'K', label: 'Asian or Asian British - Bangladeshi', synonyms: ['bangladeshi'] },
  { code: 'L', label: 'Asian or Asian British - Any other Asian background', synonyms: ['other asian', 'asian'] },
  { code: 'M', label: 'Black or Black British - Caribbean', synonyms: ['caribbean', 'black caribbean'] },
  { code: 'N', label: 'Black or Black British - African', synonyms: ['african', 'black african'] },
  { code: 'P', label: 'Black or Black British - Any other Black background', synonyms: ['other black', 'black'] },
  { code: 'R', label: 'Other Ethnic Groups - Chinese', synonyms: ['chinese'] },
  { code: 'S', label: 'Other Ethnic Groups - Any other ethnic group', synonyms: ['other', 'any other ethnic group'] },
  { code: 'Z', label: 'Not stated (prefer not to say)', synonyms: ['prefer not to say', 'rather not say', 'not stated', 'not saying'] },
];

export function genderIdentityLabel(code: GenderIdentityCode): string {
  return GENDER_IDENTITY.find((g) => g.code === code)?.label ?? code;
}

export function ethnicCategoryLabel(code: EthnicCategoryCode): string {
  return ETHNIC_CATEGORY.find((e) => e.code === code)?.label ?? code;
}

export function isEthnicCategoryCode(value: unknown): value is EthnicCategoryCode {
  return ETHNIC_CATEGORY.some((e) => e.code === value);
}
