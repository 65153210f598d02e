import type { Server } from 'restify';
import type { Stores } from '../storage/Stores';

export interface HealthSources {
  version: string;
  stores: Pick<Stores, 'kind' | 'ping'>;
  nlu: string;
}

/** GET /healthz: 200 when the store answers, 503 when it does not; never personal data. */
export function registerHealthRoute(server: Server, sources: HealthSources): void {
  server.get('/healthz', async (_req, res) => {
    const reachable = await sources.stores.ping().catch(() => false);
    res.send(reachable ? 200 : 503, {
      status: reachable ? 'ok' : 'degraded',
      version: sources.version,
      storage: { kind: sources.stores.kind, reachable },
      nlu: sources.nlu,
    });
  });
}
