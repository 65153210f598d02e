/** /healthz tells the truth about storage: which adapter, and whether it answers. */
import { mkdirSync, renameSync } from 'node:fs';
import { startTestApp, type TestApp } from '../helpers/testApp';

describe('GET /healthz and storage', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('says the embedded store is in use and reachable', async () => {
    const res = await fetch(`${t.baseUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', storage: { kind: 'embedded', reachable: true } });
  });

  it('answers 503 with reachable false when the data folder has gone', async () => {
    const moved = `${t.dataDir}-moved`;
    renameSync(t.dataDir, moved);
    try {
      const res = await fetch(`${t.baseUrl}/healthz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ status: 'degraded', storage: { kind: 'embedded', reachable: false } });
    } finally {
      renameSync(moved, t.dataDir);
    }
    mkdirSync(t.dataDir, { recursive: true });
    expect((await fetch(`${t.baseUrl}/healthz`)).status).toBe(200);
  });
});
