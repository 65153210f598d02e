/**
 * FHIR strings may hold spaces, tabs and line breaks but no other white space (the R4 JSON schema's pattern is
 * `^[ \r\n\t\S]+$`), and should hold no control characters. People paste non-breaking spaces and stray controls into
 * chat: this keeps their words and makes them valid. Returns undefined when nothing is left.
 */
export function fhirString(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const cleaned = value
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/[^\S \r\n\t]/gu, ' ')
    .trim();
  return cleaned === '' ? undefined : cleaned;
}
