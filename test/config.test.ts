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
      handoff: { openingHours: 'Mon-Fri 09:00-17:00 Europe/London', followUpDays: 42 },
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
    expect(loadConfig({ NODE_ENV: 'production', MicrosoftAppId: 'abc', SIGNPOST_SECRET: 'x'.repeat(32) }).env).toBe('production');
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
