import type { ImportIssue, ImportReport } from './importDirectory';

function issueLine(issue: ImportIssue): string {
  const who = [issue.name ? `"${issue.name}"` : undefined, issue.id ? `(id ${issue.id})` : undefined].filter(Boolean).join(' ');
  return `  record ${issue.record}${who ? ` ${who}` : ''}: ${issue.reason}`;
}

/** The import report as plain text for a person; long lists are cut to `limit` lines each. */
export function renderImportReport(report: ImportReport, limit = 20): string {
  const lines = [
    `${report.file ?? report.dataset} (${report.format === 'oruk' ? 'Open Referral UK JSON' : 'CSV'}, dataset "${report.dataset}")`,
    `read ${report.read}: ${report.imported} new, ${report.updated} updated, ${report.skipped.length} skipped, ${report.warnings.length} warnings, ${report.restricted.length} with limits on who it is for`,
  ];
  const section = (title: string, items: string[]): void => {
    if (items.length === 0) return;
    lines.push('', `${title}:`, ...items.slice(0, limit));
    if (items.length > limit) lines.push(`  ... and ${items.length - limit} more (use --json for all)`);
  };
  section('skipped', report.skipped.map(issueLine));
  section('warnings', report.warnings.map(issueLine));
  section('who it is for: words kept as they are, not interpreted (shown to people; these go after services with no such limits)', report.restricted.map((r) => `${issueLine({ ...r, reason: r.words.map((w) => `"${w}"`).join(' ') })}`));
  section('terms not in the mapping (add them to the mapping file to match these services)', report.unmappedTerms.map((t) => `  ${t.term}: ${t.services} service${t.services === 1 ? '' : 's'}`));
  if (report.unusedColumns.length > 0) lines.push('', `columns not used: ${report.unusedColumns.join(', ')}`);
  return lines.join('\n');
}
