/**
 * deploymentTemplates/: valid ARM templates and parameter files, every expression resolvable, secrets only in Key
 * Vault, and a deployment that gives Signpost every setting src/config.ts needs to start in production.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig, VARIABLES, type Config, type VariableName } from '../../src/config';
import { projectPath } from '../../src/paths';
import { ArmEvaluator, deployedResources, isExpression, RuntimeValue, type ArmTemplate, type Json } from './arm';
import {
  AZURE_BOT_TEMPLATE,
  BOT_APP_TEMPLATE,
  jsonFiles,
  parameterFileFor,
  parameterFileValues,
  parseKeyVaultReference,
  readJson,
  resolveAzureBot,
  resolveBotApp,
  TEMPLATES_DIR,
  type ResolvedDeployment,
} from './deployment';

const TEMPLATE_SCHEMA = /^https:\/\/schema\.management\.azure\.com\/schemas\/\d{4}-\d{2}-\d{2}\/deploymentTemplate\.json#$/;
const PARAMETERS_SCHEMA = /^https:\/\/schema\.management\.azure\.com\/schemas\/\d{4}-\d{2}-\d{2}\/deploymentParameters\.json#$/;
const PARAMETER_TYPES = ['string', 'securestring', 'int', 'bool', 'object', 'secureObject', 'array'];

/**
 * Variables the template leaves to the platform or to Signpost's default, each with the reason. Every other variable
 * in src/config.ts must be an app setting: a new variable fails this test until the deployment decides about it.
 */
const NOT_SET_BY_THE_TEMPLATE: Partial<Record<VariableName, string>> = {
  PORT: 'App Service tells the app which port to listen on through PORT',
  HOST: 'the default 0.0.0.0 is what App Service needs',
  TWILIO_API_BASE: 'only for tests and Twilio sandboxes',
  WEBCHAT_TOKENS_PER_ADDRESS: 'the default suits a deployment; only benchmarks and fuzzers, all from one address, raise it',
};

/** App settings that are the platform's, not Signpost's. */
const PLATFORM_SETTING = /^(WEBSITE_|WEBSITES_|SCM_|APPLICATIONINSIGHTS_|ApplicationInsightsAgent_)/;

/** Secure values passed on the command line, never in a parameter file: distinctive, so leaks are easy to spot. */
const SECRETS = {
  signpostSecret: 'sEcReT-signpost-0123456789-abcdefghij-KLMNOP',
  appSecret: 'sEcReT-app-password-Zx9',
  mongoAdminPassword: 'sEcReT p@ss:w/rd?&#',
};

const ATLAS_URI = 'mongodb+srv://signpost:sEcReT-atlas@cluster0.abcde.mongodb.net/signpost?retryWrites=true&w=majority';

/** A second deployment that takes every other branch: Atlas, a managed identity, Twilio, CLU, Azure Direct Line. */
const EVERYTHING_ELSE = {
  signpostSecret: SECRETS.signpostSecret,
  appType: 'UserAssignedMSI',
  appId: '0f6d3c55-1b5a-4b8e-9f5e-2d7c1a9b3e11',
  UMSIName: 'signpost-bot-identity',
  mongodbUri: ATLAS_URI,
  publicUrl: 'https://signpost.example-practice.nhs.uk',
  directLineSecret: 'sEcReT-directline',
  directLineDomain: 'https://europe.directline.botframework.com/v3/directline',
  nlu: 'clu',
  cluEndpoint: 'https://signpost-language.cognitiveservices.azure.com',
  cluApiKey: 'sEcReT-clu-key',
  twilioAccountSid: 'AC0123456789abcdef0123456789abcdef',
  twilioAuthToken: 'sEcReT-twilio',
  twilioMessagingServiceSid: 'MG0123456789abcdef0123456789abcdef',
  retentionDays: '365',
};

/** The environment App Service gives the process: app settings (Key Vault references resolved) plus PORT. */
function processEnvironment(deployment: ResolvedDeployment): Record<string, string> {
  return { ...deployment.environment, PORT: '8080' };
}

function templates(): { file: string; template: ArmTemplate }[] {
  return jsonFiles()
    .map((file) => ({ file, template: readJson<ArmTemplate>(file) }))
    .filter(({ template }) => TEMPLATE_SCHEMA.test(template.$schema) || String(template.$schema).endsWith('deploymentTemplate.json#'));
}

function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => strings(v, out));
  else if (value && typeof value === 'object') Object.entries(value).forEach(([k, v]) => (strings(k, out), strings(v, out)));
  return out;
}

describe('the ARM templates', () => {
  it('are JSON files of the ARM template shape, with a parameter file each', () => {
    const found = templates();
    expect(found.map((t) => path.relative(TEMPLATES_DIR, t.file)).sort()).toEqual([
      'deployUseExistResourceGroup/template-AzureBot-with-rg.json',
      'deployUseExistResourceGroup/template-BotApp-with-rg.json',
    ]);
    for (const { file, template } of found) {
      expect(template.$schema).toMatch(TEMPLATE_SCHEMA);
      expect(template.contentVersion).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      for (const [name, parameter] of Object.entries(template.parameters ?? {})) {
        expect({ name, type: PARAMETER_TYPES.includes(parameter.type) }).toEqual({ name, type: true });
        expect({ name, described: Boolean(parameter.metadata?.description) }).toEqual({ name, described: true });
      }
      expect(Array.isArray(template.resources) && template.resources.length > 0).toBe(true);
      for (const resource of template.resources) {
        expect(resource.type).toMatch(/^[A-Za-z]+\.[A-Za-z]+(\/[A-Za-z]+)+$/);
        expect(resource.apiVersion).toMatch(/^\d{4}-\d{2}-\d{2}(-preview)?$/);
        expect(typeof resource.name).toBe('string');
      }
      const parameterFile = readJson<{ $schema: string; contentVersion: string; parameters: Record<string, { value?: Json }> }>(parameterFileFor(file));
      expect(parameterFile.$schema).toMatch(PARAMETERS_SCHEMA);
      expect(parameterFile.contentVersion).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      for (const [name, entry] of Object.entries(parameterFile.parameters)) {
        expect({ name, declared: Boolean(template.parameters?.[name]) }).toEqual({ name, declared: true });
        expect({ name, hasValue: 'value' in entry }).toEqual({ name, hasValue: true });
      }
    }
  });

  it('has no JSON file in deploymentTemplates that is neither a template nor its parameter file', () => {
    const expected = templates().flatMap(({ file }) => [file, parameterFileFor(file)]);
    expect(jsonFiles().sort()).toEqual(expected.sort());
  });

  it('resolves every expression, in both templates, down every branch the parameters choose', () => {
    for (const overrides of [SECRETS, EVERYTHING_ELSE]) {
      const app = resolveBotApp(overrides);
      const ids = new Set(app.resources.map((r) => r.id));
      const copyLoops = new Set(readJson<ArmTemplate>(BOT_APP_TEMPLATE).resources.flatMap((r) => (r.copy ? [r.copy.name] : [])));
      for (const resource of app.resources) {
        for (const dependency of (resource.body.dependsOn as string[] | undefined) ?? []) {
          // A dependency on a resource whose condition is false is dropped by ARM; it must still be one the template declares.
          const declared = ids.has(dependency) || copyLoops.has(dependency) || /\/providers\/Microsoft\.Web\/serverfarms\//.test(dependency);
          expect({ resource: resource.name, dependency, declared }).toEqual({ resource: resource.name, dependency, declared: true });
        }
      }
      expect(Object.keys(app.outputs).sort()).toEqual(['botEndpoint', 'keyVaultName', 'publicUrl', 'webAppHostName']);
    }
    const botOverrides: Record<string, Json>[] = [{}, { appType: 'UserAssignedMSI', UMSIName: 'signpost-bot-identity', tenantId: '' }];
    for (const overrides of botOverrides) expect(resolveAzureBot(overrides).length).toBe(2);
  });

  it('the evaluator itself refuses what ARM would refuse (so the test above can fail)', () => {
    const template = readJson<ArmTemplate>(AZURE_BOT_TEMPLATE);
    const evaluator = new ArmEvaluator(template, parameterFileValues(parameterFileFor(AZURE_BOT_TEMPLATE)));
    expect(() => evaluator.expression("parameters('noSuchParameter')")).toThrow('is not declared');
    expect(() => evaluator.expression("variables('noSuchVariable')")).toThrow('is not declared');
    expect(() => evaluator.expression("concat('a', 'b'")).toThrow();
    expect(() => evaluator.expression('noSuchFunction()')).toThrow('not supported');
    expect(() => new ArmEvaluator(template, { azureBotId: 'x' })).not.toThrow();
    expect(() => deployedResources(new ArmEvaluator(template, { azureBotId: 'x' }))).toThrow('botEndpoint has no value');
    expect(evaluator.expression("format('{0}-{{x}}', 'a')")).toBe('a-{x}');
  });
});

describe('the web app deployment', () => {
  const main = resolveBotApp(SECRETS);
  const everythingElse = resolveBotApp(EVERYTHING_ELSE);

  it('runs Node 20 on Linux, starts the built server, and checks /healthz', () => {
    const site = main.resources.find((r) => r.type === 'Microsoft.Web/sites');
    const packageJson = readJson<{ main: string }>(projectPath('package.json'));
    expect(site?.body).toMatchObject({
      kind: 'app,linux',
      identity: { type: 'SystemAssigned' },
      properties: { httpsOnly: true, siteConfig: { linuxFxVersion: 'NODE|20-lts', appCommandLine: `node ${packageJson.main}`, healthCheckPath: '/healthz', webSocketsEnabled: true, alwaysOn: true } },
    });
    const plan = main.resources.find((r) => r.type === 'Microsoft.Web/serverfarms');
    expect(plan?.body).toMatchObject({ kind: 'linux', properties: { reserved: true } });
    expect(main.resources.map((r) => r.type)).toEqual(
      expect.arrayContaining(['Microsoft.Insights/components', 'Microsoft.OperationalInsights/workspaces', 'Microsoft.KeyVault/vaults', 'Microsoft.DocumentDB/mongoClusters']),
    );
    expect(main.appSettings.APPLICATIONINSIGHTS_CONNECTION_STRING).toMatch(/^<runtime:reference\(.*\/providers\/Microsoft\.Insights\/components\/signpost-your-practice-insights, 2020-02-02\)\.ConnectionString>$/);
  });

  it('sets every variable src/config.ts reads, except the few left to the platform (each with its reason)', () => {
    const unconsidered = (Object.keys(VARIABLES) as VariableName[]).filter((name) => !(name in main.appSettings) && !(name in NOT_SET_BY_THE_TEMPLATE));
    expect(unconsidered).toEqual([]);
    const typos = Object.keys(main.appSettings).filter((name) => !(name in VARIABLES) && !PLATFORM_SETTING.test(name));
    expect(typos).toEqual([]);
  });

  it('sets every variable production requires, found by asking loadConfig itself', () => {
    // Start from nothing but NODE_ENV=production; each ConfigError names what is missing; take it from the deployment.
    for (const deployment of [main, everythingElse]) {
      const env = processEnvironment(deployment);
      const probe: Record<string, string> = { NODE_ENV: 'production' };
      const required: string[] = [];
      for (let guard = 0; ; guard += 1) {
        expect(guard).toBeLessThan(Object.keys(VARIABLES).length);
        try {
          loadConfig(probe);
          break;
        } catch (error) {
          if (!(error instanceof ConfigError)) throw error;
          const named = (Object.keys(VARIABLES) as VariableName[]).find((name) => new RegExp(`^${name}\\b`).test(error.message));
          if (!named) throw new Error(`cannot tell which variable this is about: ${error.message}`);
          expect({ variable: named, setByTheTemplate: env[named] !== undefined && env[named] !== '' }).toEqual({ variable: named, setByTheTemplate: true });
          probe[named] = env[named];
          required.push(named);
        }
      }
      expect(required).toEqual(expect.arrayContaining(['MicrosoftAppId', 'SIGNPOST_SECRET']));
    }
  });

  it('gives a production configuration that uses MongoDB, the public https address and a complete bot identity', () => {
    const config: Config = loadConfig(processEnvironment(main));
    expect(config.env).toBe('production');
    expect(config.secret).toBe(SECRETS.signpostSecret);
    expect(config.publicUrl).toBe('https://signpost-your-practice.azurewebsites.net');
    expect(main.outputs.botEndpoint).toBe(`${config.publicUrl}/api/messages`);
    expect(config.bot).toEqual({ appId: '00000000-0000-0000-0000-000000000000', appPassword: SECRETS.appSecret, appType: 'MultiTenant', tenantId: undefined });
    // The embedded store is one process on one disk: production uses MongoDB, here the Cosmos DB cluster it creates.
    expect(config.storage.mongoUri).toBe('mongodb+srv://signpostadmin:sEcReT%20p%40ss%3Aw%2Frd%3F%26%23@signpost-your-practice-mongo.mongocluster.cosmos.azure.com/signpost?tls=true&authMechanism=SCRAM-SHA-256&retrywrites=false&maxIdleTimeMS=120000');
    expect(new URL(config.storage.mongoUri ?? '').password).toBe(encodeURIComponent(SECRETS.mongoAdminPassword));
    expect(config.directLine.secret).toBeUndefined();
    expect(config.twilio).toBeUndefined();
    expect(config.nlu.kind).toBe('local');
    expect(config.handoff.openingHours).toBe('Mon-Fri 09:00-17:00 Europe/London');
  });

  it('with a managed identity, Atlas, Twilio, CLU and Azure Direct Line, configures each of them', () => {
    const config = loadConfig(processEnvironment(everythingElse));
    expect(config.bot).toEqual({ appId: EVERYTHING_ELSE.appId, appPassword: undefined, appType: 'UserAssignedMSI', tenantId: '66666666-7777-8888-9999-000000000000' });
    const site = everythingElse.resources.find((r) => r.type === 'Microsoft.Web/sites');
    expect(site?.body.identity).toEqual({
      type: 'SystemAssigned, UserAssigned',
      userAssignedIdentities: { '/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/signpost-rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/signpost-bot-identity': {} },
    });
    expect(config.storage.mongoUri).toBe(ATLAS_URI);
    expect(everythingElse.resources.some((r) => r.type.startsWith('Microsoft.DocumentDB/'))).toBe(false);
    expect(config.publicUrl).toBe(EVERYTHING_ELSE.publicUrl);
    expect(config.twilio).toEqual({ accountSid: EVERYTHING_ELSE.twilioAccountSid, authToken: EVERYTHING_ELSE.twilioAuthToken, messagingServiceSid: EVERYTHING_ELSE.twilioMessagingServiceSid, from: undefined, apiBase: undefined });
    expect(config.nlu.clu).toEqual({ endpoint: EVERYTHING_ELSE.cluEndpoint, apiKey: EVERYTHING_ELSE.cluApiKey, project: 'signpost', deployment: 'production' });
    expect(config.directLine).toEqual({ secret: EVERYTHING_ELSE.directLineSecret, domain: EVERYTHING_ELSE.directLineDomain, tokensPerAddress: 30 });
    expect(config.storage.retentionDays).toBe(365);
  });
});

describe('secrets', () => {
  const deployments = [resolveBotApp(SECRETS), resolveBotApp(EVERYTHING_ELSE)];
  const secretVariables = (Object.entries(VARIABLES) as [VariableName, { secret?: boolean }][]).filter(([, v]) => v.secret).map(([name]) => name);

  it('come to the app only as Key Vault references', () => {
    for (const deployment of deployments) {
      for (const name of secretVariables) {
        const value = deployment.appSettings[name];
        if (value === undefined || value === '') continue;
        expect({ name, keyVaultReference: parseKeyVaultReference(value) !== undefined }).toEqual({ name, keyVaultReference: true });
      }
    }
    // Every secret this deployment was given ends up in a setting through Key Vault, and in no setting as plain text.
    const [main, everythingElse] = deployments;
    expect(secretVariables.filter((name) => parseKeyVaultReference(everythingElse.appSettings[name] ?? '')).sort()).toEqual(['CLU_API_KEY', 'DIRECT_LINE_SECRET', 'MONGODB_URI', 'SIGNPOST_SECRET', 'TWILIO_AUTH_TOKEN'].sort());
    expect(secretVariables.filter((name) => parseKeyVaultReference(main.appSettings[name] ?? '')).sort()).toEqual(['MONGODB_URI', 'MicrosoftAppPassword', 'SIGNPOST_SECRET'].sort());
    for (const deployment of deployments) {
      const plain = Object.values(deployment.appSettings).join('\n');
      expect(plain).not.toContain('sEcReT');
      expect(strings(deployment.outputs).join('\n')).not.toContain('sEcReT');
    }
  });

  it('are read by the web app only: the vault grants get on secrets to the site identity alone', () => {
    const vault = deployments[0].resources.find((r) => r.type === 'Microsoft.KeyVault/vaults');
    const policies = (vault?.body.properties as { accessPolicies: { objectId: unknown; permissions: unknown }[] }).accessPolicies;
    expect(policies).toHaveLength(1);
    expect(policies[0].permissions).toEqual({ secrets: ['get'] });
    expect(policies[0].objectId).toBeInstanceOf(RuntimeValue);
    expect(String(policies[0].objectId)).toMatch(/Microsoft\.Web\/sites\/signpost-your-practice, 2023-12-01, Full\)\.identity\.principalId/);
  });

  it('are secure parameters with no default but empty, and never in a parameter file', () => {
    for (const { file, template } of templates()) {
      const secure = Object.entries(template.parameters ?? {}).filter(([, p]) => p.type.toLowerCase().startsWith('secure'));
      for (const [name, parameter] of secure) expect({ name, defaultValue: parameter.defaultValue ?? '' }).toEqual({ name, defaultValue: '' });
      const inFile = Object.keys(parameterFileValues(parameterFileFor(file)));
      expect(inFile.filter((name) => secure.some(([s]) => s === name))).toEqual([]);
      // No literal that looks like a credential in the template either.
      expect(strings(template).filter((s) => !isExpression(s) && /(password|secret|key)=/i.test(s))).toEqual([]);
    }
    // Every variable src/config.ts marks secret, when the template sets it, comes from a securestring parameter.
    const template = readJson<ArmTemplate>(BOT_APP_TEMPLATE);
    const secureParameters = Object.entries(template.parameters ?? {}).filter(([, p]) => p.type === 'securestring').map(([name]) => name);
    expect(secureParameters.sort()).toEqual(['appSecret', 'cluApiKey', 'directLineSecret', 'luisApiKey', 'mongoAdminPassword', 'mongodbUri', 'signpostSecret', 'twilioAuthToken'].sort());
  });
});

describe('the bot registration', () => {
  it('points the Azure Bot at the web app and turns on Direct Line', () => {
    const resources = resolveAzureBot({});
    const bot = resources.find((r) => r.type === 'Microsoft.BotService/botServices');
    const app = resolveBotApp(SECRETS);
    expect(bot?.body).toMatchObject({ kind: 'azurebot', location: 'global', properties: { endpoint: app.outputs.botEndpoint, msaAppId: app.environment.MicrosoftAppId, msaAppType: app.environment.MicrosoftAppType, msaAppTenantId: '' } });
    const directLine = resources.find((r) => r.type === 'Microsoft.BotService/botServices/channels');
    expect(directLine?.name).toBe('signpost-your-practice-bot/DirectLineChannel');
    expect(directLine?.body.properties).toMatchObject({ channelName: 'DirectLineChannel', properties: { sites: [{ isEnabled: true, isV3Enabled: true }] } });
  });

  it('uses the same managed identity as the web app for UserAssignedMSI', () => {
    const bot = resolveAzureBot({ appType: 'UserAssignedMSI', appId: EVERYTHING_ELSE.appId, UMSIName: 'signpost-bot-identity' }).find((r) => r.type === 'Microsoft.BotService/botServices');
    const site = resolveBotApp(EVERYTHING_ELSE).resources.find((r) => r.type === 'Microsoft.Web/sites');
    const identities = Object.keys((site?.body.identity as { userAssignedIdentities: object }).userAssignedIdentities);
    expect(bot?.body.properties).toMatchObject({ msaAppType: 'UserAssignedMSI', msaAppMSIResourceId: identities[0], msaAppTenantId: '66666666-7777-8888-9999-000000000000' });
  });
});

describe('the README', () => {
  it('deploys with the templates and parameter files that exist', () => {
    const readme = readFileSync(projectPath('README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Deploying to Azure'));
    expect(section.length).toBeGreaterThan(100);
    const files = [...section.matchAll(/deploymentTemplates\/[\w/.-]+\.json/g)].map((m) => m[0]);
    expect(new Set(files)).toEqual(new Set(jsonFiles().map((f) => path.relative(projectPath(), f))));
    expect(section).toContain('az deployment group create');
  });
});
