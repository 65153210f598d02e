/**
 * Configuration: the only reader of process.env.
 *
 * Every variable is declared once in VARIABLES (name, default, description, schema). From that one table come the
 * typed Config, the fail-fast validation and `.env.example` (see renderEnvExample and test/config.test.ts).
 */
import { z } from 'zod';
import { OpeningHoursError, parseOpeningHours } from './services/handoff/openingHours';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

interface Variable {
  /** Default used when unset or empty; undefined means "unset" (an optional feature stays off). */
  default?: string;
  description: string;
  /** What a valid value looks like, for error messages. */
  expects: string;
  schema: z.ZodType<unknown>;
  secret?: boolean;
  group: string;
}

/** Digits only: Number() would also take 0x10, 1e3, 80.0 and +80. */
const decimal = z.string().regex(/^\d{1,9}$/, 'must be a whole number written in digits');
const port = decimal.transform(Number).pipe(z.number().int().min(0).max(65535));
const positiveInt = decimal.transform(Number).pipe(z.number().int().positive());
/** Longest retention: ten years. A bigger number (1e9) would overflow the date arithmetic and silently keep everything. */
export const MAX_RETENTION_DAYS = 3650;
const url = z.string().url();
/** An http(s) origin: scheme, host and port only (a trailing slash is allowed); no path, query, fragment or user. */
const origin = z.string().refine((value) => {
  try {
    const parsed = new URL(value);
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.pathname === '/' && !parsed.search && !parsed.hash && !parsed.username && !parsed.password && /^https?:\/\//i.test(value);
  } catch {
    return false;
  }
}, 'must be an http(s) origin');
/** Opening hours, checked by the parser that will read them, so a bad value stops loadConfig, not start-up. */
const openingHours = z.string().refine((value) => {
  try {
    parseOpeningHours(value);
    return true;
  } catch (error) {
    if (error instanceof OpeningHoursError) return false;
    throw error;
  }
}, 'must be opening hours');
const text = z.string().min(1);
/** An http(s) URL with a path allowed, but no query, fragment or user: the stem of FHIR identifier systems. */
const identifierBase = z.string().refine((value) => {
  try {
    const parsed = new URL(value);
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && !parsed.search && !parsed.hash && !parsed.username && !parsed.password && !/\s/.test(value);
  } catch {
    return false;
  }
}, 'must be an http(s) URL');

export const VARIABLES = {
  NODE_ENV: { group: 'Server', default: 'development', description: 'development, test or production. Production refuses to start without Bot Framework credentials and a SIGNPOST_SECRET.', expects: 'development, test or production', schema: z.enum(['development', 'test', 'production']) },
  PORT: { group: 'Server', default: '3978', description: 'TCP port to listen on.', expects: 'an integer 0-65535', schema: port },
  HOST: { group: 'Server', default: '0.0.0.0', description: 'Interface to listen on.', expects: 'a host name or IP address', schema: text },
  TRUSTED_PROXIES: { group: 'Server', default: '0', description: 'How many reverse proxies in front of Signpost add the address they saw to X-Forwarded-For (Azure App Service: 1). Limits per client address count the address the outermost of them saw; 0: the connection\'s own address (the header could be forged).', expects: 'a whole number from 0 to 10', schema: decimal.transform(Number).pipe(z.number().int().min(0).max(10)) },
  PUBLIC_URL: { group: 'Server', description: 'The public base URL people and Twilio reach this server at (used to check Twilio signatures behind proxies). Default: http://localhost:PORT.', expects: 'an http(s) origin such as https://signpost.example.org (no path)', schema: origin },
  LOG_LEVEL: { group: 'Server', default: 'info', description: 'pino log level. Logs never contain message text or personal data.', expects: 'fatal, error, warn, info, debug, trace or silent', schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) },
  SIGNPOST_SECRET: { group: 'Server', secret: true, description: 'Key for signing Direct Line tokens and console sessions (32+ characters). When unset outside production, one is generated and kept in SIGNPOST_DATA_DIR.', expects: 'a random string of at least 32 characters', schema: z.string().min(32) },

  MicrosoftAppId: { group: 'Bot Framework (Azure Bot Service)', description: 'Bot identity from Azure Bot Service. Unset: /api/messages runs unauthenticated, for local use and the Bot Framework Emulator only.', expects: 'a GUID', schema: text },
  MicrosoftAppPassword: { group: 'Bot Framework (Azure Bot Service)', secret: true, description: 'Client secret for MicrosoftAppId (MultiTenant/SingleTenant).', expects: 'the app password', schema: text },
  MicrosoftAppType: { group: 'Bot Framework (Azure Bot Service)', default: 'MultiTenant', description: 'MultiTenant, SingleTenant or UserAssignedMSI.', expects: 'MultiTenant, SingleTenant or UserAssignedMSI', schema: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']) },
  MicrosoftAppTenantId: { group: 'Bot Framework (Azure Bot Service)', description: 'Tenant id for SingleTenant or UserAssignedMSI bots.', expects: 'a GUID', schema: text },
  DIRECT_LINE_SECRET: { group: 'Bot Framework (Azure Bot Service)', secret: true, description: 'Azure Direct Line secret. Set: the web page gets tokens from Azure (the secret never reaches the browser). Unset: Signpost serves its own Direct Line at /v3/directline.', expects: 'the Direct Line secret from the Azure portal', schema: text },
  WEBCHAT_TOKENS_PER_ADDRESS: { group: 'Bot Framework (Azure Bot Service)', default: '30', description: 'Web chat tokens one client address may get in 10 minutes (POST /api/webchat/token and /v3/directline/tokens/generate together): an anonymous script cannot start chats without end.', expects: 'a positive integer', schema: positiveInt },
  DIRECT_LINE_DOMAIN: { group: 'Bot Framework (Azure Bot Service)', default: 'https://directline.botframework.com/v3/directline', description: 'Azure Direct Line endpoint used with DIRECT_LINE_SECRET (regional endpoints differ).', expects: 'an https URL', schema: url },

  MONGODB_URI: { group: 'Storage', secret: true, description: 'MongoDB connection string. Set: MongoDB (Atlas or Cosmos DB for MongoDB) holds everything. Unset: the embedded file-backed store under SIGNPOST_DATA_DIR.', expects: 'a mongodb:// or mongodb+srv:// URI', schema: z.string().regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://') },
  SIGNPOST_DATA_DIR: { group: 'Storage', default: './.data', description: 'Folder for the embedded store and generated keys.', expects: 'a folder path', schema: text },
  RETENTION_DAYS: { group: 'Storage', default: '730', description: 'Personal data older than this many days is deleted (referrals, handoffs, transcripts, conversation state). At most 3650 (ten years).', expects: 'a whole number of days from 1 to 3650', schema: decimal.transform(Number).pipe(z.number().int().min(1).max(MAX_RETENTION_DAYS)) },

  NLU: { group: 'Understanding (NLU)', default: 'local', description: 'Which recognizer understands people: local (embedded NLP.js, no cloud), luis (a LUIS-compatible prediction endpoint) or clu (Azure AI Language conversational language understanding).', expects: 'local, luis or clu', schema: z.enum(['local', 'luis', 'clu']) },
  NLU_MIN_SCORE: { group: 'Understanding (NLU)', default: '0.6', description: 'Below this confidence the bot offers numbered choices instead of guessing.', expects: 'a number between 0 and 1', schema: z.coerce.number().min(0).max(1) },
  LUIS_ENDPOINT: { group: 'Understanding (NLU)', description: 'LUIS prediction endpoint, e.g. https://westeurope.api.cognitive.microsoft.com (NLU=luis).', expects: 'an http(s) URL', schema: url },
  LUIS_APP_ID: { group: 'Understanding (NLU)', description: 'LUIS application id (NLU=luis).', expects: 'a GUID', schema: text },
  LUIS_API_KEY: { group: 'Understanding (NLU)', secret: true, description: 'LUIS prediction key (NLU=luis).', expects: 'the prediction key', schema: text },
  LUIS_SLOT: { group: 'Understanding (NLU)', default: 'production', description: 'LUIS slot: production or staging.', expects: 'production or staging', schema: z.enum(['production', 'staging']) },
  CLU_ENDPOINT: { group: 'Understanding (NLU)', description: 'Azure AI Language endpoint, e.g. https://my-language.cognitiveservices.azure.com (NLU=clu).', expects: 'an http(s) URL', schema: url },
  CLU_API_KEY: { group: 'Understanding (NLU)', secret: true, description: 'Azure AI Language key (NLU=clu).', expects: 'the resource key', schema: text },
  CLU_PROJECT: { group: 'Understanding (NLU)', default: 'signpost', description: 'CLU project name (NLU=clu).', expects: 'a project name', schema: text },
  CLU_DEPLOYMENT: { group: 'Understanding (NLU)', default: 'production', description: 'CLU deployment name (NLU=clu).', expects: 'a deployment name', schema: text },

  TWILIO_ACCOUNT_SID: { group: 'SMS (Twilio)', description: 'Twilio account SID. Unset: SMS runs on the local simulator (`signpost sms <from> <text>`).', expects: 'an account SID starting AC', schema: z.string().regex(/^AC[0-9a-zA-Z]{8,}$/, 'must start with AC') },
  TWILIO_AUTH_TOKEN: { group: 'SMS (Twilio)', secret: true, description: 'Twilio auth token: signs webhooks and authenticates sends. Required with TWILIO_ACCOUNT_SID.', expects: 'the auth token', schema: text },
  TWILIO_FROM: { group: 'SMS (Twilio)', description: 'The number Signpost texts from, E.164 (or set TWILIO_MESSAGING_SERVICE_SID).', expects: 'an E.164 number such as +447700900123', schema: z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number') },
  TWILIO_MESSAGING_SERVICE_SID: { group: 'SMS (Twilio)', description: 'Twilio Messaging Service to send from instead of TWILIO_FROM.', expects: 'a SID starting MG', schema: z.string().regex(/^MG[0-9a-zA-Z]{8,}$/, 'must start with MG') },
  TWILIO_API_BASE: { group: 'SMS (Twilio)', description: 'Send to another Twilio-compatible API base URL (tests, sandboxes).', expects: 'an http(s) URL', schema: url },
  SMS_MAX_PER_MINUTE: { group: 'SMS (Twilio)', default: '120', description: 'Most texts Signpost sends in any minute, all numbers together (caps what SMS pumping can cost); more wait in the outbox.', expects: 'a positive integer', schema: positiveInt },
  SMS_MAX_PER_NUMBER_PER_HOUR: { group: 'SMS (Twilio)', default: '100', description: 'Most texts one number may send Signpost in any hour, and most Signpost sends it, each way; beyond that its texts are ignored (after one notice) and ours to it are not sent.', expects: 'a positive integer', schema: positiveInt },

  DIRECTORY_FEEDS: { group: 'Directory', description: 'Open Referral UK API base URLs (v1 or HSDS 3.0 UK), separated by commas or spaces, that the server keeps the directory in step with (as `signpost directory sync` does): every DIRECTORY_REFRESH_HOURS, starting a minute after it starts. Unset: no live feeds.', expects: 'http(s) URLs, e.g. https://example.openplace.directory/o/ServiceDirectoryService/v2', schema: z.string().transform((value) => value.split(/[\s,]+/).filter(Boolean)).pipe(z.array(z.string().url()).min(1)) },
  DIRECTORY_REFRESH_HOURS: { group: 'Directory', default: '24', description: 'Hours between refreshes of each DIRECTORY_FEEDS feed.', expects: 'a positive integer', schema: positiveInt },

  OPENING_HOURS: { group: 'Link workers', default: 'Mon-Fri 09:00-17:00 Europe/London', description: 'When link workers answer handed-off conversations: days, hours and an IANA time zone.', expects: 'days, hours and an IANA time zone, e.g. "Mon-Fri 09:00-17:00 Europe/London"', schema: openingHours },
  FOLLOW_UP_DAYS: { group: 'Link workers', default: '42', description: 'Days after a handoff closes before the wellbeing follow-up message (only with consent).', expects: 'a positive integer', schema: positiveInt },
  HANDOFF_FIRST_REPLY_TARGET_MINUTES: { group: 'Link workers', default: '15', description: 'How soon a link worker aims to send a first reply to someone who asked for a person (the console shows waiting time against it; reports give the share answered within it).', expects: 'a whole number of minutes from 1 to 10080', schema: positiveInt.pipe(z.number().max(10080)) },
  HANDOFF_REPLY_MINUTES: { group: 'Link workers', default: '10', description: 'In opening hours, a conversation whose link worker has not replied to the person for this many minutes is flagged in everyone\'s queue; after twice this it returns to the queue (urgent ones first) with a note.', expects: 'a whole number of minutes from 1 to 240', schema: decimal.transform(Number).pipe(z.number().int().min(1).max(240)) },
  REFERRAL_CONTACT_DAYS: { group: 'Link workers', default: '5', description: 'Working days within which a link worker aims to contact someone who has referred themselves (the bot tells people this after they send a referral).', expects: 'a positive integer', schema: positiveInt },

  FHIR_IDENTIFIER_BASE: { group: 'Records and FHIR export', default: 'https://signpost.invalid', description: 'The namespace of this deployment\'s identifiers and local code systems in FHIR exports (referral references, person ids, need, outcome and wellbeing codes). Set it once, to a URL your organisation controls, and never change it: a receiving system tells records apart by it. The default (the reserved .invalid domain) is the same for the server and the CLI but names no organisation: set it before sending exports to anyone.', expects: 'an http(s) URL such as https://fhir.example-icb.nhs.uk/signpost (no query or fragment)', schema: identifierBase },
} satisfies Record<string, Variable>;

export type VariableName = keyof typeof VARIABLES;
export type Environment = Partial<Record<string, string | undefined>>;

export interface Config {
  env: 'development' | 'test' | 'production';
  port: number;
  host: string;
  /** Reverse proxies in front that append to X-Forwarded-For (limits per client address read it). */
  trustedProxies: number;
  publicUrl: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Explicit secret, or undefined: app.ts then generates one and keeps it in the data dir. */
  secret?: string;
  bot: {
    appId?: string;
    appPassword?: string;
    appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
    tenantId?: string;
  };
  directLine: { secret?: string; domain: string; tokensPerAddress: number };
  storage: { mongoUri?: string; dataDir: string; retentionDays: number };
  nlu: {
    kind: 'local' | 'luis' | 'clu';
    minScore: number;
    luis?: { endpoint: string; appId: string; apiKey: string; slot: 'production' | 'staging' };
    clu?: { endpoint: string; apiKey: string; project: string; deployment: string };
  };
  twilio?: { accountSid: string; authToken: string; from?: string; messagingServiceSid?: string; apiBase?: string };
  sms: { maxPerMinute: number; maxPerNumberPerHour: number };
  handoff: { openingHours: string; followUpDays: number; firstReplyTargetMinutes: number; /** HANDOFF_REPLY_MINUTES (10 unless set). */ replyMinutes?: number };
  referrals: { contactWithinWorkingDays: number };
  /** FHIR export: the stem of identifier and local code systems (FHIR_IDENTIFIER_BASE), the same for every process. */
  fhir: { identifierBase: string };
  /** Live Open Referral UK feeds the server keeps the directory in step with. */
  directory: { feeds: string[]; refreshHours: number };
}

/** Reads and validates one variable; empty strings count as unset. */
function read(env: Environment, name: VariableName): unknown {
  const variable: Variable = VARIABLES[name];
  const raw = env[name];
  const value = raw === undefined || raw.trim() === '' ? variable.default : raw.trim();
  if (value === undefined) return undefined;
  const parsed = variable.schema.safeParse(value);
  if (!parsed.success) {
    const shown = variable.secret ? '(hidden)' : JSON.stringify(value);
    throw new ConfigError(`${name} is invalid: got ${shown}, expected ${variable.expects}.`);
  }
  return parsed.data;
}

function requireTogether(env: Environment, feature: string, names: VariableName[]): void {
  const missing = names.filter((n) => read(env, n) === undefined);
  if (missing.length > 0 && missing.length < names.length) {
    throw new ConfigError(`${feature} needs ${names.join(', ')} together; missing ${missing.join(', ')}.`);
  }
}

/** Builds the Config from an environment (process.env by default). Throws ConfigError naming the bad variable. */
export function loadConfig(env: Environment = process.env): Config {
  const get = <T>(name: VariableName): T => read(env, name) as T;
  const nodeEnv = get<Config['env']>('NODE_ENV');
  const portNumber = get<number>('PORT');

  const nluKind = get<Config['nlu']['kind']>('NLU');
  if (nluKind === 'luis') requireAll(env, 'NLU=luis', ['LUIS_ENDPOINT', 'LUIS_APP_ID', 'LUIS_API_KEY']);
  if (nluKind === 'clu') requireAll(env, 'NLU=clu', ['CLU_ENDPOINT', 'CLU_API_KEY']);
  requireTogether(env, 'Twilio', ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN']);
  const accountSid = get<string | undefined>('TWILIO_ACCOUNT_SID');
  if (accountSid && !get('TWILIO_FROM') && !get('TWILIO_MESSAGING_SERVICE_SID')) {
    throw new ConfigError('TWILIO_ACCOUNT_SID is set, so TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID must be set too.');
  }

  const appId = get<string | undefined>('MicrosoftAppId');
  const secret = get<string | undefined>('SIGNPOST_SECRET');
  if (nodeEnv === 'production') {
    if (!appId) {
      throw new ConfigError('MicrosoftAppId is not set, and NODE_ENV=production: refusing to run /api/messages without authentication. Set MicrosoftAppId (and its password) or use NODE_ENV=development locally.');
    }
    if (get('MicrosoftAppType') !== 'UserAssignedMSI' && !get('MicrosoftAppPassword')) {
      // The message starts with the variable to set (tools read it): the type when it is only the default.
      if (read(env, 'MicrosoftAppType') === VARIABLES.MicrosoftAppType.default && !env.MicrosoftAppType?.trim()) {
        throw new ConfigError('MicrosoftAppType is not set, so it is MultiTenant, which needs MicrosoftAppPassword, and NODE_ENV=production: set the password, or MicrosoftAppType=UserAssignedMSI for a managed identity.');
      }
      throw new ConfigError('MicrosoftAppPassword is not set, and MicrosoftAppId is, with NODE_ENV=production: replies could not be authenticated. Set the password (or MicrosoftAppType=UserAssignedMSI for a managed identity).');
    }
    if (!secret) throw new ConfigError('SIGNPOST_SECRET is not set, and NODE_ENV=production: set a random string of at least 32 characters.');
  }

  return {
    env: nodeEnv,
    port: portNumber,
    host: get('HOST'),
    trustedProxies: get('TRUSTED_PROXIES'),
    publicUrl: (get<string | undefined>('PUBLIC_URL') ?? `http://localhost:${portNumber}`).replace(/\/+$/, ''),
    logLevel: get('LOG_LEVEL'),
    secret,
    bot: { appId, appPassword: get('MicrosoftAppPassword'), appType: get('MicrosoftAppType'), tenantId: get('MicrosoftAppTenantId') },
    directLine: { secret: get('DIRECT_LINE_SECRET'), domain: get<string>('DIRECT_LINE_DOMAIN').replace(/\/+$/, ''), tokensPerAddress: get('WEBCHAT_TOKENS_PER_ADDRESS') },
    storage: { mongoUri: get('MONGODB_URI'), dataDir: get('SIGNPOST_DATA_DIR'), retentionDays: get('RETENTION_DAYS') },
    nlu: {
      kind: nluKind,
      minScore: get('NLU_MIN_SCORE'),
      luis: nluKind === 'luis' ? { endpoint: get('LUIS_ENDPOINT'), appId: get('LUIS_APP_ID'), apiKey: get('LUIS_API_KEY'), slot: get('LUIS_SLOT') } : undefined,
      clu: nluKind === 'clu' ? { endpoint: get('CLU_ENDPOINT'), apiKey: get('CLU_API_KEY'), project: get('CLU_PROJECT'), deployment: get('CLU_DEPLOYMENT') } : undefined,
    },
    twilio: accountSid
      ? { accountSid, authToken: get('TWILIO_AUTH_TOKEN'), from: get('TWILIO_FROM'), messagingServiceSid: get('TWILIO_MESSAGING_SERVICE_SID'), apiBase: get('TWILIO_API_BASE') }
      : undefined,
    sms: { maxPerMinute: get('SMS_MAX_PER_MINUTE'), maxPerNumberPerHour: get('SMS_MAX_PER_NUMBER_PER_HOUR') },
    handoff: { openingHours: get('OPENING_HOURS'), followUpDays: get('FOLLOW_UP_DAYS'), firstReplyTargetMinutes: get('HANDOFF_FIRST_REPLY_TARGET_MINUTES'), replyMinutes: get('HANDOFF_REPLY_MINUTES') },
    referrals: { contactWithinWorkingDays: get('REFERRAL_CONTACT_DAYS') },
    fhir: { identifierBase: get<string>('FHIR_IDENTIFIER_BASE').replace(/\/+$/, '') },
    directory: { feeds: get<string[] | undefined>('DIRECTORY_FEEDS') ?? [], refreshHours: get('DIRECTORY_REFRESH_HOURS') },
  };
}

function requireAll(env: Environment, feature: string, names: VariableName[]): void {
  const missing = names.filter((n) => read(env, n) === undefined);
  if (missing.length > 0) throw new ConfigError(`${feature} needs ${missing.join(', ')}.`);
}

/** The text of `.env.example`, generated from VARIABLES (a test keeps the committed file in step). */
export function renderEnvExample(): string {
  const lines = [
    '# Signpost configuration. Every variable is optional for local use: `npm start` runs on embedded defaults.',
    '# Generated from src/config.ts (npm run env:example); a test fails if this file falls out of step.',
  ];
  let group = '';
  for (const [name, v] of Object.entries(VARIABLES) as [string, Variable][]) {
    if (v.group !== group) {
      group = v.group;
      lines.push('', `## ${group}`);
    }
    lines.push(`# ${v.description}`);
    lines.push(`# ${v.default === undefined ? 'Default: unset.' : `Default: ${v.default}`}`);
    lines.push(`${v.default === undefined ? '# ' : ''}${name}=${v.default ?? ''}`);
  }
  return lines.join('\n') + '\n';
}

/** Loads a `.env` file from the working directory into the environment, if one exists (values already set win). */
export function loadDotEnvFile(file = '.env'): void {
  try {
    process.loadEnvFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new ConfigError(`${file} could not be read: ${(error as Error).message}`);
  }
}
