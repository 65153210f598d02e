/**
 * The reported fault: the CLI and the server exported the same referral with different identifiers, because the
 * identifier systems were built from PUBLIC_URL (which defaults to http://localhost:PORT, and the two ran with
 * different ports). The systems now come from FHIR_IDENTIFIER_BASE, one setting both read. This runs the real server
 * (console route, signed in) and then the real `signpost referrals export --fhir` on the same store on disk.
 */
import { rmSync } from 'node:fs';
import type { Bundle, ServiceRequest } from '../../src/services/interop/fhir';
import { startTestApp, tempDataDir } from '../helpers/testApp';
import { runCli } from '../nlu/runCli';
import { newReferral } from '../storage/records';
import { addUser, ConsoleClient } from '../console/consoleHarness';

jest.setTimeout(180_000);

interface Identifiers {
  fullUrls: string[];
  patient: unknown;
  request: unknown;
}

function identifiers(bundle: Bundle): Identifiers {
  return {
    fullUrls: bundle.entry.map((e) => e.fullUrl),
    patient: bundle.entry[0].resource.identifier,
    request: (bundle.entry[1].resource as ServiceRequest).identifier,
  };
}

/** Exports one referral from the server (PORT 0 as tests run it) and then from the CLI (default port), same store. */
async function exportBoth(env: Record<string, string>): Promise<{ server: Bundle; cli: Bundle }> {
  const dataDir = tempDataDir();
  try {
    const t = await startTestApp({ SIGNPOST_DATA_DIR: dataDir, ...env });
    let server: Bundle;
    try {
      const referral = await t.app.stores.referrals.create(newReferral({ reference: 'SP-SAME1' }));
      await addUser(t.app, 'admin@example.org', 'admin');
      const admin = await ConsoleClient.signIn(t.baseUrl, 'admin@example.org');
      const res = await fetch(`${t.baseUrl}/api/console/referrals/${referral.reference}/fhir`, { headers: { cookie: admin.cookie ?? '' } });
      expect(res.status).toBe(200);
      server = (await res.json()) as Bundle;
    } finally {
      await t.close({ keepData: true });
    }
    const run = await runCli(['referrals', 'export', 'SP-SAME1', '--fhir'], { env: { SIGNPOST_DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env } });
    if (run.code !== 0) throw new Error(`exit ${run.code}: ${run.stderr}`);
    return { server, cli: JSON.parse(run.stdout) as Bundle };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

describe('FHIR identifiers do not depend on how the export was run', () => {
  it('gives the same identifiers from the CLI and the server when nothing is configured', async () => {
    const { server, cli } = await exportBoth({});
    expect(identifiers(cli)).toEqual(identifiers(server));
  });

  it('uses FHIR_IDENTIFIER_BASE, not PUBLIC_URL, for the identifier systems', async () => {
    const { server, cli } = await exportBoth({ FHIR_IDENTIFIER_BASE: 'https://fhir.example-icb.nhs.uk/signpost', PUBLIC_URL: 'https://chat.example.org' });
    expect(identifiers(cli)).toEqual(identifiers(server));
    expect((server.entry[1].resource as ServiceRequest).identifier).toEqual([{ system: 'https://fhir.example-icb.nhs.uk/signpost/fhir/NamingSystem/referral-reference', value: 'SP-SAME1' }]);
    expect(JSON.stringify(server)).not.toContain('chat.example.org');
  });
});
