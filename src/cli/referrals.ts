/**
 * `signpost referrals list|show|export`: the referrals in the configured store. JSON (--json) for programs, plain
 * text for people; `export --fhir` prints an HL7 FHIR R4 Bundle. These print personal data: they are for the people
 * who run Signpost, on the machine that holds the data. Each `list`, `show` and `export` is written to the audit log,
 * as a console view is ("list-referrals", "view-referral", "export-fhir"), by the operating system user who ran it
 * ("cli:<user>").
 */
import os from 'node:os';
import { InvalidArgumentError, type Command } from 'commander';
import type { Config } from '../config';
import { toFhirBundle } from '../services/interop/fhir';
import { isNeedId, needLabel } from '../services/needs/taxonomy';
import type { Ons4Scores, Referral, ReferralStatus } from '../services/referrals/Referral';
import type { ReferralRepository } from '../services/referrals/ReferralRepository';
import { withStores } from './withStores';
import { ethnicCategoryLabel, genderIdentityLabel } from '../services/dataset/demographics';
import { formatNhsNumber } from '../services/dataset/nhsNumber';
import { referredService, servicesOffered } from '../services/referrals/servicesRecorded';

const STATUSES = ['new', 'handed-off', 'in-progress', 'closed'] as const satisfies readonly ReferralStatus[];
// Fails to compile when ReferralStatus gains a status this list lacks.
const _everyStatusListed: Exclude<ReferralStatus, (typeof STATUSES)[number]> extends never ? true : never = true;
void _everyStatusListed;

/** One row of `referrals list --json` (a contract other tools and tests rely on: change it only with them). */
export interface ReferralSummary {
  reference: string;
  createdAt: string;
  channel: string;
  status: ReferralStatus;
  urgent: boolean;
  postcode: string | null;
  needs: string[];
}

export function referralSummary(referral: Referral): ReferralSummary {
  return {
    reference: referral.reference,
    createdAt: referral.createdAt.toISOString(),
    channel: referral.channel,
    status: referral.status,
    urgent: referral.urgent,
    postcode: referral.person.postcode ?? null,
    needs: [...referral.needs],
  };
}

function parseStatus(value: string): ReferralStatus {
  const status = STATUSES.find((s) => s === value);
  if (!status) throw new InvalidArgumentError(`use one of ${STATUSES.join(', ')}`);
  return status;
}

const PAGE = 200;

/** Every referral (with the status, if given), newest first, read a page at a time. */
async function allReferrals(repository: ReferralRepository, status?: ReferralStatus): Promise<Referral[]> {
  const all: Referral[] = [];
  for (;;) {
    const page = await repository.list({ status, limit: PAGE, offset: all.length });
    all.push(...page.items);
    if (page.items.length < PAGE || all.length >= page.total) return all;
  }
}

/** References are written "SP-7K3Q9"; people type them in any case and with spaces around. */
function normaliseReference(text: string): string {
  return text.trim().toUpperCase();
}

/** Who ran the command, for the audit log: "cli:<operating system user>", or "cli" when the user has no name. */
export function cliActor(): string {
  try {
    const { username } = os.userInfo();
    return username ? `cli:${username}` : 'cli';
  } catch {
    return 'cli';
  }
}

/**
 * Reads one referral, turns it into what will be printed, and audits the look (action) before it is printed: what
 * fails to render (a FHIR export of a referral without consent) is not audited, and nothing is printed unaudited.
 */
async function readAudited<T>(reference: string, action: string, render: (referral: Referral, config: Config) => T): Promise<T> {
  const wanted = normaliseReference(reference);
  return withStores(async (stores, config) => {
    const referral = await stores.referrals.get(wanted);
    if (!referral) throw new Error(`No referral has the reference ${wanted}. See them all with: signpost referrals list`);
    const output = render(referral, config);
    await stores.audit.append({ actor: cliActor(), action, recordType: 'referral', recordId: referral.reference });
    return output;
  });
}

function when(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function needsText(needs: readonly string[]): string {
  return needs.map((id) => (isNeedId(id) ? `${needLabel(id)} (${id})` : id)).join(', ');
}

function wellbeingText(scores: Ons4Scores): string {
  const parts: [string, number | undefined][] = [
    ['life satisfaction', scores.lifeSatisfaction],
    ['worthwhile', scores.worthwhile],
    ['happiness', scores.happiness],
    ['anxiety', scores.anxiety],
  ];
  return parts.map(([name, score]) => `${name} ${score ?? 'skipped'}`).join(', ');
}

export function renderReferral(referral: Referral): string {
  const { person } = referral;
  const rows: [string, string | undefined][] = [
    ['Status', `${referral.status}${referral.urgent ? ', urgent' : ''}`],
    ['Created', when(referral.createdAt)],
    ['Updated', when(referral.updatedAt)],
    ['Channel', referral.channel],
    ['Consent', referral.consent.given ? `given ${when(referral.consent.at)}` : 'not given'],
    ['Name', person.preferredName],
    ['Date of birth', person.dateOfBirth],
    ['Postcode', person.postcode],
    ['Contact', person.contactMethod === 'none' ? 'no contact wanted' : [person.contactMethod, person.contactValue].filter(Boolean).join(' ')],
    ['GP practice', person.gpPractice ? `${person.gpPractice}${person.gpPracticeOds ? ` (ODS ${person.gpPracticeOds})` : ''}` : undefined],
    ['NHS number', person.nhsNumber ? formatNhsNumber(person.nhsNumber) : undefined],
    ['Gender', person.genderIdentity ? genderIdentityLabel(person.genderIdentity) : undefined],
    ['Ethnic group', person.ethnicCategory ? ethnicCategoryLabel(person.ethnicCategory) : undefined],
    ['What matters', referral.whatMatters],
    ['Needs', referral.needs.length > 0 ? needsText(referral.needs) : 'none given'],
    ['Wellbeing (ONS4)', referral.wellbeingAtIntake ? wellbeingText(referral.wellbeingAtIntake) : undefined],
    ['Services offered', referral.servicesOffered.length > 0 ? servicesOffered(referral).map((s) => (s.name === s.id ? s.id : `${s.name} (${s.id})`)).join(', ') : 'none'],
    ['Referred to', ((s) => (s ? (s.id ? `${s.name} (${s.id})` : s.name) : undefined))(referredService(referral))],
    ['Outcome', referral.outcome ? `${referral.outcome.type}${referral.outcome.detail ? `: ${referral.outcome.detail}` : ''} (${when(referral.outcome.at)})` : undefined],
  ];
  const shown = rows.filter((row): row is [string, string] => row[1] !== undefined && row[1] !== '');
  const width = Math.max(...shown.map(([label]) => label.length)) + 2;
  return [`Referral ${referral.reference}`, ...shown.map(([label, value]) => `${`${label}:`.padEnd(width)}${value}`)].join('\n');
}

export function renderReferralTable(summaries: readonly ReferralSummary[]): string {
  const header = ['REFERENCE', 'CREATED (UTC)', 'CHANNEL', 'STATUS', 'URGENT', 'POSTCODE', 'NEEDS'];
  const rows = summaries.map((s) => [s.reference, s.createdAt.slice(0, 16).replace('T', ' '), s.channel, s.status, s.urgent ? 'yes' : '', s.postcode ?? '', s.needs.join(', ')]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [header, ...rows].map((cells) => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ').trimEnd()).join('\n');
}

export function registerReferrals(program: Command): void {
  const referrals = program.command('referrals').description('self-referrals in the configured store: list, show one, export one as FHIR');

  referrals
    .command('list')
    .description('every referral, newest first (a table, or --json)')
    .option('--status <status>', `only referrals with this status: ${STATUSES.join(', ')}`, parseStatus)
    .option('--json', 'print a JSON array of {reference, createdAt, channel, status, urgent, postcode, needs}')
    .action(async (options: { status?: ReferralStatus; json?: boolean }) => {
      const summaries = await withStores(async (stores) => {
        const rows = (await allReferrals(stores.referrals, options.status)).map(referralSummary);
        // Postcodes are personal data: the look is audited like a console queue view (the filter as the record).
        await stores.audit.append({ actor: cliActor(), action: 'list-referrals', recordType: 'referral-list', recordId: options.status ?? 'all' });
        return rows;
      });
      if (options.json) process.stdout.write(`${JSON.stringify(summaries, null, 2)}\n`);
      else if (summaries.length === 0) process.stdout.write(`no referrals${options.status ? ` with status ${options.status}` : ''}\n`);
      else process.stdout.write(`${renderReferralTable(summaries)}\n${summaries.length} referral${summaries.length === 1 ? '' : 's'}\n`);
    });

  referrals
    .command('show <reference>')
    .description('everything one referral holds (plain text, or --json)')
    .option('--json', 'print the referral as JSON')
    .action(async (reference: string, options: { json?: boolean }) => {
      const text = await readAudited(reference, 'view-referral', (referral) => (options.json ? JSON.stringify(referral, null, 2) : renderReferral(referral)));
      process.stdout.write(`${text}\n`);
    });

  referrals
    .command('export <reference>')
    .description('print one referral for another system: --fhir gives an HL7 FHIR R4 Bundle (ServiceRequest and Patient)')
    .option('--fhir', 'an HL7 FHIR R4 transaction Bundle as JSON')
    .action(async (reference: string, options: { fhir?: boolean }) => {
      if (!options.fhir) throw new Error('Say which format to export: --fhir (an HL7 FHIR R4 Bundle).');
      const bundle = await readAudited(reference, 'export-fhir', (referral, config) => toFhirBundle(referral, { identifierBase: config.fhir.identifierBase }));
      process.stdout.write(`${JSON.stringify(bundle, null, 2)}\n`);
    });
}
