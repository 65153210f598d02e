/**
 * A turn that is not handed off asks the handoff queue twice: by its conversation, and by a text-back's conversation
 * (a web chat person who agreed to be texted, whose texts belong to that handoff). The second read every open
 * handoff's document (SQLite's plan: a scan of the queue index) until migration 6 gave it an index of its own.
 */
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { OPEN_FOR_CONVERSATION, TEXT_BACK_LOOKUP } from '../../src/storage/embedded/EmbeddedHandoffQueue';
import { DATABASE_FILE, openEmbeddedStores } from '../../src/storage/embedded/openEmbeddedStores';
import { tempDataDir } from '../helpers/tempDir';
import { newHandoff } from './records';

it('finds the handoff by its text-back conversation through an index, and finds it', async () => {
  const dataDir = tempDataDir('signpost-handoff-index-');
  const stores = await openEmbeddedStores({ dataDir, retentionDays: 730 });
  try {
    for (let i = 0; i < 20; i += 1) await stores.handoffs.enqueue(newHandoff({ conversationId: `web-${i}` }));
    const texted = await stores.handoffs.enqueue(newHandoff({ conversationId: 'web-texted' }));
    await stores.handoffs.setTextBack(texted.id, { phone: '+447700900123', conversationId: 'sms-conv-1', consentAt: new Date() });
    expect((await stores.handoffs.findOpenByConversation('sms-conv-1'))?.id).toBe(texted.id);
    expect(await stores.handoffs.findOpenByConversation('sms-conv-2')).toBeNull();
    // A conversation's own open handoff comes before one whose texts come from it.
    const own = await stores.handoffs.enqueue(newHandoff({ conversationId: 'sms-conv-1' }));
    expect((await stores.handoffs.findOpenByConversation('sms-conv-1'))?.id).toBe(own.id);
    expect((await stores.handoffs.findOpenByConversation('web-texted'))?.id).toBe(texted.id);

    const db = new BetterSqlite3(path.join(dataDir, DATABASE_FILE), { readonly: true });
    try {
      const plan = (db.prepare(`EXPLAIN QUERY PLAN SELECT id, doc FROM handoffs ${TEXT_BACK_LOOKUP}`).all('sms-conv-1') as { detail: string }[]).map((row) => row.detail);
      expect(plan.join(' | ')).toMatch(/USING INDEX handoffs_text_back/);
      expect(plan.join(' | ')).not.toMatch(/SCAN handoffs|USING TEMP B-TREE/);
      // What a turn asks: its own open handoff, else the text-back's, in one statement, each part through its index.
      const both = (db.prepare(`EXPLAIN QUERY PLAN ${OPEN_FOR_CONVERSATION}`).all('sms-conv-1', 'sms-conv-1') as { detail: string }[]).map((row) => row.detail).join(' | ');
      expect(both).toMatch(/USING INDEX handoffs_conversation/);
      expect(both).toMatch(/USING INDEX handoffs_text_back/);
      expect(both).not.toMatch(/SCAN handoffs\b/);
    } finally {
      db.close();
    }
  } finally {
    await stores.close();
  }
});
