/**
 * The patient page at GET /: web/index.html, its script and styles, and Bot Framework Web Chat's UMD bundle served
 * from node_modules (no CDN: nothing about a patient's visit reaches a third party).
 */
import path from 'node:path';
import type { Request, Response, Server } from 'restify';
import { projectPath } from '../../paths';
import type { PagePolicy } from './securityHeaders';
import { StaticAssets, type AssetSpec } from './staticAssets';

/** botframework-webchat's exports map hides package.json: find its main entry and go up to dist/. */
export function webChatBundlePath(): string {
  const main = require.resolve('botframework-webchat');
  let dir = path.dirname(main);
  while (path.basename(dir) !== 'botframework-webchat') {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`botframework-webchat's folder not found above ${main}`);
    dir = parent;
  }
  return path.join(dir, 'dist', 'webchat.js');
}

const web = (file: string) => projectPath('web', file);

/** How long personal data is kept, in words for the privacy notice ("2 years", "90 days"). */
export function describeRetention(days: number): string {
  if (days % 365 === 0) return days === 365 ? '1 year' : `${days / 365} years`;
  return days === 1 ? '1 day' : `${days} days`;
}

export interface PatientPageOptions {
  policy: PagePolicy;
  retentionDays: number;
}

export const patientPageAssets = (retentionDays: number): Record<string, AssetSpec> => ({
  '/': { file: web('index.html'), contentType: 'text/html; charset=utf-8', render: (html) => html.replaceAll('{{RETENTION}}', describeRetention(retentionDays)) },
  '/chat.js': { file: web('chat.js'), contentType: 'text/javascript; charset=utf-8' },
  '/chat.css': { file: web('chat.css'), contentType: 'text/css; charset=utf-8' },
  '/icon.svg': { file: web('icon.svg'), contentType: 'image/svg+xml' },
  '/vendor/webchat.js': { file: webChatBundlePath(), contentType: 'text/javascript; charset=utf-8' },
});

export function registerPatientPage(server: Server, options: PatientPageOptions): void {
  // Web Chat styles itself at run time (emotion injects <style> elements and sets style attributes); scripts stay strict.
  const assets = new StaticAssets({ ...options.policy, inlineStyles: true });
  for (const [route, spec] of Object.entries(patientPageAssets(options.retentionDays))) {
    const handler = async (req: Request, res: Response): Promise<void> => assets.serve(req, res, spec);
    server.get(route, handler);
    server.head(route, handler);
  }
}
