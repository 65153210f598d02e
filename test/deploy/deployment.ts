/** Reading Signpost's ARM templates and resolving a deployment of them as Azure would (see arm.ts). */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { projectPath } from '../../src/paths';
import { ArmEvaluator, deployedResources, outputs, RuntimeValue, type ArmTemplate, type DeployedResource, type Json } from './arm';

export const TEMPLATES_DIR = projectPath('deploymentTemplates');
export const GROUP_DIR = path.join(TEMPLATES_DIR, 'deployUseExistResourceGroup');
export const BOT_APP_TEMPLATE = path.join(GROUP_DIR, 'template-BotApp-with-rg.json');
export const AZURE_BOT_TEMPLATE = path.join(GROUP_DIR, 'template-AzureBot-with-rg.json');

export function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

export function jsonFiles(dir = TEMPLATES_DIR): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return jsonFiles(full);
    return name.endsWith('.json') ? [full] : [];
  });
}

/** parameters-for-template-X.json goes with template-X.json. */
export function parameterFileFor(templateFile: string): string {
  return path.join(path.dirname(templateFile), `parameters-for-${path.basename(templateFile)}`);
}

export function parameterFileValues(file: string): Record<string, Json> {
  const { parameters } = readJson<{ parameters: Record<string, { value: Json }> }>(file);
  return Object.fromEntries(Object.entries(parameters).map(([name, p]) => [name, p.value]));
}

export interface ResolvedDeployment {
  resources: DeployedResource[];
  outputs: Record<string, unknown>;
  /** The web app's app settings as ARM writes them (Key Vault references unresolved). */
  appSettings: Record<string, string>;
  /** The app settings as the running app sees them: Key Vault references replaced by the secrets' values. */
  environment: Record<string, string>;
}

const KEY_VAULT_REFERENCE = /^@Microsoft\.KeyVault\(SecretUri=https:\/\/([a-z0-9-]+)\.vault\.azure\.net\/secrets\/([A-Za-z0-9-]+)\/\)$/;

export function parseKeyVaultReference(value: string): { vault: string; secret: string } | undefined {
  const match = KEY_VAULT_REFERENCE.exec(value);
  return match ? { vault: match[1], secret: match[2] } : undefined;
}

function settingText(name: string, value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof RuntimeValue) return value.toString();
  throw new Error(`app setting ${name} is not a string: ${JSON.stringify(value)}`);
}

/** Deploys (on paper) the web app template with the parameter file's values plus `overrides`. */
export function resolveBotApp(overrides: Record<string, Json>): ResolvedDeployment {
  const template = readJson<ArmTemplate>(BOT_APP_TEMPLATE);
  const evaluator = new ArmEvaluator(template, { ...parameterFileValues(parameterFileFor(BOT_APP_TEMPLATE)), ...overrides });
  const resources = deployedResources(evaluator);
  const config = resources.filter((r) => r.type === 'Microsoft.Web/sites/config' && r.name.endsWith('/appsettings'));
  if (config.length !== 1) throw new Error(`expected one appsettings resource, found ${config.length}`);
  const appSettings = Object.fromEntries(Object.entries(config[0].body.properties as Record<string, unknown>).map(([name, value]) => [name, settingText(name, value)]));
  const environment: Record<string, string> = {};
  for (const [name, value] of Object.entries(appSettings)) {
    const reference = parseKeyVaultReference(value);
    if (!reference) {
      environment[name] = value;
      continue;
    }
    // What App Service does at start-up: read the secret with the app's identity, from a vault this deployment made.
    const vault = resources.find((r) => r.type === 'Microsoft.KeyVault/vaults' && r.name === reference.vault);
    if (!vault) throw new Error(`${name} refers to vault ${reference.vault}, which this deployment does not create`);
    const secret = resources.find((r) => r.type === 'Microsoft.KeyVault/vaults/secrets' && r.name === `${reference.vault}/${reference.secret}`);
    if (!secret) throw new Error(`${name} refers to secret ${reference.secret}, which this deployment does not create`);
    environment[name] = settingText(name, (secret.body.properties as { value: unknown }).value);
  }
  return { resources, outputs: outputs(evaluator), appSettings, environment };
}

export function resolveAzureBot(overrides: Record<string, Json>): DeployedResource[] {
  const template = readJson<ArmTemplate>(AZURE_BOT_TEMPLATE);
  return deployedResources(new ArmEvaluator(template, { ...parameterFileValues(parameterFileFor(AZURE_BOT_TEMPLATE)), ...overrides }));
}
