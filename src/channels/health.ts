import type { Server } from 'restify';

export interface HealthSources {
  version: string;
  /** The store's kind, and whether it answers (Stores gives both). */
  stores: { kind: string; ping(): Promise<boolean> };
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
