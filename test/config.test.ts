import { readFileSync } from 'node:fs';
import { ConfigError, loadConfig, renderEnvExample, VARIABLES } from '../src/config';
import { projectPath } from '../src/paths';

describe('config', () => {
  it('runs on embedded defaults with no environment at all', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      env: 'development',
      port: 3978,
      publicUrl: 'http://localhost:3978',
      storage: { mongoUri: undefined, dataDir: './.data', retentionDays: 730 },
      nlu: { kind: 'local' },
      twilio: undefined,
      handoff: { openingHours: 'Mon-Fri 09:00-17:00 Europe/London', followUpDays: 42, firstReplyTargetMinutes: 15, replyMinutes: 10 },
    });
  });

  it('fails fast naming the bad variable and what it expects', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT is invalid: got "eighty", expected an integer 0-65535/);
    expect(() => loadConfig({ NLU: 'gpt' })).toThrow(/NLU is invalid.*local, luis or clu/);
    expect(() => loadConfig({ MONGODB_URI: 'postgres://x' })).toThrow(/MONGODB_URI is invalid/);
  });

  it('never echoes a secret in an error', () => {
    expect(() => loadConfig({ SIGNPOST_SECRET: 'short-secret' })).toThrow(/SIGNPOST_SECRET is invalid: got \(hidden\)/);
  });

  it('refuses production without a bot identity or a secret', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/MicrosoftAppId is not set, and NODE_ENV=production/);
    expect(() => loadConfig({ NODE_ENV: 'production', MicrosoftAppId: 'abc', MicrosoftAppPassword: 'pw' })).toThrow(/SIGNPOST_SECRET/);
    expect(loadConfig({ NODE_ENV: 'production', MicrosoftAppId: 'abc', MicrosoftAppPassword: 'pw', SIGNPOST_SECRET: 'x'.repeat(32) }).env).toBe('production');
  });

  it('refuses production with a bot identity but no password (a managed identity needs none)', () => {
    const base = { NODE_ENV: 'production', MicrosoftAppId: 'abc', SIGNPOST_SECRET: 'x'.repeat(32) };
    expect(() => loadConfig(base)).toThrow(/MicrosoftAppPassword/);
    expect(() => loadConfig({ ...base, MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: 't' })).toThrow(/^MicrosoftAppPassword is not set/);
    expect(loadConfig({ ...base, MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: 't' }).bot.appType).toBe('UserAssignedMSI');
  });

  it('takes PORT only as a decimal integer', () => {
    for (const bad of ['0x10', '1e3', '80.0', '+80', '-1', '65536', '8 0']) expect(() => loadConfig({ PORT: bad })).toThrow(/PORT is invalid/);
    expect(loadConfig({ PORT: '8080' }).port).toBe(8080);
    expect(loadConfig({ PORT: '0' }).port).toBe(0);
  });

  it('takes PUBLIC_URL only as an http(s) origin', () => {
    for (const bad of ['javascript:alert(1)', 'ftp://example.org', '/signpost', 'https://example.org/app', 'https://example.org/?q=1', 'https://user:pw@example.org', 'example.org']) {
      expect(() => loadConfig({ PUBLIC_URL: bad })).toThrow(/PUBLIC_URL is invalid/);
    }
    expect(loadConfig({ PUBLIC_URL: 'https://signpost.example.org/' }).publicUrl).toBe('https://signpost.example.org');
    expect(loadConfig({ PUBLIC_URL: 'http://localhost:3978' }).publicUrl).toBe('http://localhost:3978');
  });

  it('keeps RETENTION_DAYS within bounds, so retention can never be silently turned off', () => {
    for (const bad of ['1e9', '0', '3651', '36500', '1.5']) expect(() => loadConfig({ RETENTION_DAYS: bad })).toThrow(/RETENTION_DAYS is invalid/);
    expect(loadConfig({ RETENTION_DAYS: '3650' }).storage.retentionDays).toBe(3650);
  });

  it('checks OPENING_HOURS when the config is read, not at start-up', () => {
    for (const bad of ['Mon-Fri 09:00-09:00 Europe/London', 'Mon-Fri 25:00-26:00 Europe/London', 'Mon-Fri 09:00-17:00 Mars/Olympus', 'Xyz 09:00-17:00 Europe/London']) {
      expect(() => loadConfig({ OPENING_HOURS: bad })).toThrow(/OPENING_HOURS is invalid/);
    }
    expect(loadConfig({ OPENING_HOURS: 'Mon,Wed 08:30-12:00 Europe/London' }).handoff.openingHours).toBe('Mon,Wed 08:30-12:00 Europe/London');
  });

  it('needs the variables of a feature together', () => {
    expect(() => loadConfig({ NLU: 'luis', LUIS_ENDPOINT: 'http://localhost:1' })).toThrow(/NLU=luis needs LUIS_APP_ID, LUIS_API_KEY/);
    expect(() => loadConfig({ TWILIO_ACCOUNT_SID: 'AC12345678' })).toThrow(/Twilio needs .* missing TWILIO_AUTH_TOKEN/);
    expect(() => loadConfig({ TWILIO_ACCOUNT_SID: 'AC12345678', TWILIO_AUTH_TOKEN: 't' })).toThrow(/TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID/);
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ PORT: '', MONGODB_URI: '  ' })).toMatchObject({ port: 3978, storage: { mongoUri: undefined } });
  });

  it('keeps .env.example in step with the variables (npm run env:example rewrites it)', () => {
    expect(readFileSync(projectPath('.env.example'), 'utf8')).toBe(renderEnvExample());
  });

  it('documents every variable in the README', () => {
    const readme = readFileSync(projectPath('README.md'), 'utf8');
    for (const name of Object.keys(VARIABLES)) expect(readme).toContain(`\`${name}\``);
  });

  it('is the only reader of process.env', () => {
    const { execFileSync } = jest.requireActual<typeof import('node:child_process')>('node:child_process');
    const hits = execFileSync('grep', ['-rln', 'process\\.env', projectPath('src')], { encoding: 'utf8' }).trim().split('\n');
    expect(hits.map((h) => h.replace(projectPath(''), ''))).toEqual(['/src/config.ts']);
  });
});
