import { rmSync } from 'node:fs';
import { chatStateKeys, PrivacyService } from '../../../src/services/privacy/PrivacyService';
import { personIds } from '../../../src/services/privacy/personId';
import { toNewReferral } from '../../../src/services/referrals/draft';
import { openEmbeddedStores } from '../../../src/storage/embedded/openEmbeddedStores';
import type { Stores } from '../../../src/storage/Stores';
import { tempDataDir } from '../../helpers/tempDir';

describe('the person\'s rights across the stores (embedded)', () => {
  let stores: Stores;
  let dir: string;
  const ids = personIds('privacy-tests-secret-0123456789abcdef');
  const sam = ids('sms', 'sms-1');
  const other = ids('sms', 'sms-2');

  beforeEach(async () => {
    dir = tempDataDir();
    stores = await openEmbeddedStores({ dataDir: dir, retentionDays: 730 });
    const context = { channel: 'sms', urgent: false, consentAt: new Date() };
    await stores.referrals.create(toNewReferral({ contactMethod: 'text', contactValue: '+447700900123', needs: ['money'] }, { ...context, reference: 'SP-33333', personId: sam, conversationId: 'old-chat' }));
    await stores.referrals.create(toNewReferral({ contactMethod: 'none', needs: ['food'] }, { ...context, reference: 'SP-44444', personId: other, conversationId: 'their-chat' }));
    await stores.handoffs.enqueue({ personId: sam, channel: 'sms', conversationId: 'old-chat', conversationReference: {}, priority: 'normal', summary: 'Needs: Money and debt.', transcript: [{ from: 'patient', text: 'my rent', at: new Date() }] });
    await stores.botState.write({
      'sms/conversations/old-chat/': { eTag: '*', answers: 'old' },
      'sms/conversations/new-chat/': { eTag: '*', answers: 'in progress' },
      'sms/users/sms-1/': { eTag: '*', seen: true },
      'sms/conversations/their-chat/': { eTag: '*', answers: 'theirs' },
    });
  });
  afterEach(async () => {
    await stores.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('erases referrals, handoffs with transcripts, and the state of their chats, old and current, and nobody else\'s', async () => {
    const privacy = new PrivacyService(stores);
    const report = await privacy.erase(sam, chatStateKeys('sms', 'new-chat', 'sms-1'));
    expect(report).toMatchObject({ referrals: 1, handoffs: 1, conversationStates: 1, chatStates: 2 });
    expect(await stores.referrals.get('SP-33333')).toBeNull();
    expect(await stores.handoffs.exportByPerson(sam)).toEqual([]);
    expect(Object.keys(await stores.botState.read(['sms/conversations/old-chat/', 'sms/conversations/new-chat/', 'sms/users/sms-1/', 'sms/conversations/their-chat/']))).toEqual(['sms/conversations/their-chat/']);
    expect(await stores.referrals.get('SP-44444')).not.toBeNull();
    expect((await stores.audit.listByRecord('person', sam)).map((a) => ({ actor: a.actor, action: a.action }))).toEqual([{ actor: `patient:${sam}`, action: 'erase-person' }]);
  });

  it('exports everything held about the person, and audits the look', async () => {
    const privacy = new PrivacyService(stores);
    const data = await privacy.export(sam);
    expect(data.referrals.map((r) => r.reference)).toEqual(['SP-33333']);
    expect(data.handoffs[0].transcript[0].text).toBe('my rent');
    expect((await stores.audit.listByRecord('person', sam)).map((a) => a.action)).toEqual(['export-person']);
  });

  it('derives stable, opaque person ids that differ by channel and user and never show the user id', () => {
    expect(ids('sms', 'sms-1')).toBe(sam);
    expect(ids('webchat', 'sms-1')).not.toBe(sam);
    expect(sam).toMatch(/^p-[0-9a-f]{32}$/);
    expect(ids('sms', '+447700900123')).not.toContain('7700900123');
  });
});
