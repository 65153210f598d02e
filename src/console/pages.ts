/**
 * The console's pages under /console: plain HTML, CSS and JavaScript modules from web/console (no build step, no
 * CDN), each served from a fixed list (no request path reaches the file system) with the same security headers as
 * the patient page (src/channels/web/securityHeaders.ts: CSP without inline script, frame-ancestors 'none',
 * no referrer, nosniff).
 */
import type { Request, Response, Server } from 'restify';
import path from 'node:path';
import { projectPath } from '../paths';
import type { PagePolicy } from '../channels/web/securityHeaders';
import { StaticAssets, type AssetSpec } from '../channels/web/staticAssets';

const file = (name: string) => projectPath('web', 'console', name);
const html = (name: string): AssetSpec => ({ file: file(name), contentType: 'text/html; charset=utf-8' });
const script = (name: string): AssetSpec => ({ file: file(`js/${name}`), contentType: 'text/javascript; charset=utf-8' });

export const CONSOLE_SCRIPTS = ['api.js', 'page.js', 'format.js', 'live.js', 'login.js', 'queue.js', 'handoff.js', 'directory.js', 'download.js', 'charts.js', 'reports.js', 'glance.js', 'notify.js', 'replies.js', 'referrals.js'];

/** Chart.js's UMD build (window.Chart), from node_modules: its exports map points require at dist/chart.cjs. */
export function chartJsBundlePath(): string {
  return path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.js');
}

export const consoleAssets = (): Record<string, AssetSpec> => ({
  '/console': html('index.html'),
  '/console/': html('index.html'),
  '/console/login': html('login.html'),
  '/console/handoff': html('handoff.html'),
  '/console/directory': html('directory.html'),
  '/console/reports': html('reports.html'),
  '/console/referrals': html('referrals.html'),
  '/console/vendor/chart.umd.js': { file: chartJsBundlePath(), contentType: 'text/javascript; charset=utf-8' },
  '/console/console.css': { file: file('console.css'), contentType: 'text/css; charset=utf-8' },
  ...Object.fromEntries(CONSOLE_SCRIPTS.map((name) => [`/console/js/${name}`, script(name)])),
});

export function registerConsolePages(server: Server, policy: PagePolicy): void {
  const assets = new StaticAssets(policy);
  for (const [path, spec] of Object.entries(consoleAssets())) {
    const handler = async (req: Request, res: Response): Promise<void> => assets.serve(req, res, spec);
    server.get(path, handler);
    server.head(path, handler);
  }
}
