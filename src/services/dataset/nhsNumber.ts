/**
 * NHS numbers: ten digits, the tenth a modulus 11 check digit. Weights 10 down to 2 on the first nine digits; the
 * check digit is 11 minus the remainder of the sum divided by 11, with 11 read as 0 and 10 meaning the number is not
 * valid (NHS Data Dictionary, NHS NUMBER, "5 steps in the validation of the check digit":
 * https://archive.datadictionary.nhs.uk/DD%20Release%20May%202010/data_dictionary/attributes/n/nhs_number_de.asp@shownav=0.html,
 * read 2026-12-06). People write them with spaces or dashes in groups of 3, 3 and 4 ("943 476 5919").
 */

export type NhsNumberProblem = 'length' | 'checkDigit';

export type NhsNumberReading = { ok: true; nhsNumber: string } | { ok: false; problem: NhsNumberProblem };

/** The check digit for nine digits, or undefined when no check digit can make them valid (the sum gives 10). */
export function nhsCheckDigit(nineDigits: string): number | undefined {
  const sum = [...nineDigits].reduce((total, digit, i) => total + Number(digit) * (10 - i), 0);
  const check = 11 - (sum % 11);
  if (check === 10) return undefined;
  return check === 11 ? 0 : check;
}

/** Reads an NHS number as people write it; the answer is ten digits with no spaces. */
export function parseNhsNumber(text: string): NhsNumberReading {
  // The digits as written, with the words around them ("my NHS number is 943 476 5919") left out.
  const written = /\d[\d\s-]*\d|\d/.exec(text)?.[0] ?? '';
  const compact = written.replace(/[\s-]/g, '');
  if (/\d/.test(text.replace(written, ''))) return { ok: false, problem: 'length' };
  if (!/^\d{10}$/.test(compact)) return { ok: false, problem: 'length' };
  const check = nhsCheckDigit(compact.slice(0, 9));
  if (check === undefined || check !== Number(compact[9])) return { ok: false, problem: 'checkDigit' };
  return { ok: true, nhsNumber: compact };
}

export function isValidNhsNumber(value: string): boolean {
  const reading = parseNhsNumber(value);
  return reading.ok && reading.nhsNumber === value;
}

/** "9434765919" -> "943 476 5919", the way it is printed on NHS letters. */
export function formatNhsNumber(nhsNumber: string): string {
  return `${nhsNumber.slice(0, 3)} ${nhsNumber.slice(3, 6)} ${nhsNumber.slice(6)}`;
}
