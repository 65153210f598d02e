/**
 * Issue 16, item 3 (the flow half): "delete my data" in every state a conversation can be in, over HTTP (web chat on
 * Signpost's own Direct Line, SMS through the signed Twilio webhook). Each time the confirmation arrives, and then
 * nothing about the person is left: not in any store (read through the ports), and not in the data files once the
 * stores have been reopened (which compacts them).
 */
import Database from 'better-sqlite3';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { smsConversationId } from '../../src/channels/sms/identity';
import { MESSAGES } from '../../src/services/content/messages';
import type { HandoffEvent } from '../../src/services/handoff/HandoffEvents';
import { openEmbeddedStores } from '../../src/storage/embedded/openEmbeddedStores';
import { eventually, WebChatPatient } from '../hardening/clients';
import { startSmsHarness, type SmsHarness } from '../channels/sms/smsHarness';

const NAME = 'Zebedee Quartermaine';
const DOB = '12 March 1961';
const POSTCODE = 's63bs';
/** What must not be found anywhere afterwards (as typed, and as stored). */
const TRACES = ['Zebedee', 'Quartermaine', 'S6 3BS', 'S63BS', 's63bs', '1961-03-12'];
const NUMBERS = ['07700 900601', '07700 900602', '07700 900603', '07700 900604', '07700 900605'];
const e164 = (n: string): string => `+44${n.replace(/\s/g, '').slice(1)}`;

/** The intake up to (not including) the summary's question, answered with the person's details and a mobile. */
function intake(mobile: string): string[] {
  return ['I would like to refer myself', 'yes', NAME, DOB, POSTCODE, '1', mobile, 'skip', 'seeing my grandchildren more', "I'm lonely and I can't afford food", 'yes', '7', '6', 'skip', '4'];
}

async function say(chat: WebChatPatient, text: string): Promise<string[]> {
  const before = (await chat.botTexts()).length;
  await chat.post(text);
  return (await chat.botTexts()).slice(before);
}

/** Direct Line over HTTP with a token: the status of a request. */
async function directLine(h: SmsHarness, chat: WebChatPatient, method: string, suffix: string, body?: unknown): Promise<number> {
  const res = await fetch(`${h.t.baseUrl}/v3/directline${suffix}`, {
    method,
    headers: { authorization: `Bearer ${chat.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  await res.text();
  return res.status;
}

/** Every file under a folder, read as text. */
function allFiles(dir: string): { file: string; text: string }[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? allFiles(file) : [{ file, text: readFileSync(file, 'latin1') }];
  });
}

describe('"delete my data" in every state', () => {
  let h: SmsHarness;
  const chats: WebChatPatient[] = [];
  const closedAs: HandoffEvent[] = [];

  beforeAll(async () => {
    h = await startSmsHarness();
  });
  afterAll(async () => h?.close());

  /** Asks to delete, says yes; returns every bot message the chat's token can read afterwards. */
  async function erase(chat: WebChatPatient): Promise<string[]> {
    expect((await say(chat, 'delete my data')).join('\n')).toContain(MESSAGES['privacy.confirm']);
    await chat.post('yes');
    return chat.botTexts();
  }

  it('web chat before the referral is sent: the transcript goes and the token can read nothing else, nor post or refresh', async () => {
    const chat = new WebChatPatient(h.t.baseUrl);
    chats.push(chat);
    await chat.start();
    for (const text of intake(NUMBERS[0])) await chat.post(text);
    expect((await chat.botTexts()).join('\n')).toContain('Postcode: S6 3BS');
    expect(await erase(chat)).toEqual([MESSAGES['privacy.deleted']]);
    // What the token can still read is the confirmation alone.
    const log = await chat.log();
    expect(log.filter((a) => a.type === 'message').map((a) => a.text)).toEqual([MESSAGES['privacy.deleted']]);
    expect(JSON.stringify(log)).not.toMatch(/Zebedee|S6 3BS/);
    expect(await directLine(h, chat, 'POST', `/conversations/${chat.conversationId}/activities`, { type: 'message', text: 'hi', from: { id: 'x' } })).toBeGreaterThanOrEqual(403);
    expect(await directLine(h, chat, 'POST', '/tokens/refresh')).toBe(403);
    expect(await directLine(h, chat, 'POST', '/conversations', {})).toBeGreaterThanOrEqual(403);
  });

  it('web chat after the referral was sent: the confirmation arrives', async () => {
    const chat = new WebChatPatient(h.t.baseUrl);
    chats.push(chat);
    await chat.start();
    for (const text of intake(NUMBERS[1])) await chat.post(text);
    expect((await say(chat, 'yes')).join('\n')).toMatch(/SP-[0-9A-Z]{5}/);
    expect(await erase(chat)).toEqual([MESSAGES['privacy.deleted']]);
  });

  it.each(['waits', 'is held by a link worker'])('web chat while its handoff %s: the handoff is closed as erased and the worker told', async (state) => {
    const chat = new WebChatPatient(h.t.baseUrl);
    chats.push(chat);
    await chat.start();
    for (const text of ['I would like to refer myself', 'yes', NAME, DOB, POSTCODE]) await chat.post(text);
    await chat.post('talk to a person');
    await chat.post('cancel');
    const handoff = await h.t.app.stores.handoffs.findOpenByConversation(chat.conversationId);
    expect(handoff).not.toBeNull();
    if (state !== 'waits') await h.t.app.stores.handoffs.claim(handoff!.id, 'worker-1');
    const unsubscribe = h.t.app.handoffEvents.onHandoff(handoff!.id, (event) => closedAs.push(event));
    await chat.post(`My name is ${NAME}, I live at ${POSTCODE.toUpperCase()}`);
    expect(await erase(chat)).toEqual([MESSAGES['privacy.deleted']]);
    unsubscribe();
    expect(closedAs).toContainEqual(expect.objectContaining({ type: 'status', handoffId: handoff!.id, change: 'closed', outcome: expect.objectContaining({ type: 'erased' }) }));
    expect(await h.t.app.stores.handoffs.get(handoff!.id)).toBeNull();
    closedAs.length = 0;
  });

  it('SMS before the referral is sent: the summary, the other texts and the contact go; the confirmation arrives and is not kept', async () => {
    const from = e164(NUMBERS[4]);
    for (const text of intake(NUMBERS[4])) await h.converse(text, from);
    expect(h.twilio.to(from).map((m) => m.body).join('\n')).toContain('S6 3BS');
    await h.converse('delete my data', from);
    expect(await h.converse('yes', from)).toEqual([MESSAGES['privacy.deleted']]);
    const conversationId = smsConversationId(h.t.app.secret, from);
    await eventually('the outbox to forget the number', async () => ((await h.t.app.sms.outbox.listByConversation(conversationId)).length === 0 ? true : undefined), 5000);
    expect(await h.t.app.sms.contacts.byPhone(from)).toBeUndefined();
  });

  it('leaves nothing about anyone in the stores, nor in the data files', async () => {
    await h.drained();
    for (const chat of chats) {
      const held = await h.t.app.stores.directLine.activitiesAfter(chat.conversationId, 0, 1000);
      expect(JSON.stringify(held)).not.toMatch(/Zebedee|Quartermaine|S6 3BS/i);
    }
    for (const status of ['waiting', 'active', 'closed'] as const) expect(await h.t.app.stores.handoffs.list(status)).toEqual([]);
    expect((await h.t.app.stores.referrals.list()).items).toEqual([]);
    const dataDir = h.t.dataDir;
    await h.t.close({ keepData: true });
    await h.twilio.close();
    // Reopening compacts the files: what was deleted is then gone from the disk too.
    const reopened = await openEmbeddedStores({ dataDir, retentionDays: 730 });
    await reopened.close();
    const traces = [...TRACES, ...NUMBERS.flatMap((n) => [n, e164(n), n.replace(/\s/g, '')])];
    // Every table but the directory, row by row: the directory holds services' own addresses, not people's (a
    // Sheffield food bank shares the person's postcode).
    const db = new Database(path.join(dataDir, 'signpost.db'), { readonly: true });
    try {
      const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'directory_services'").all() as { name: string }[]).map((t) => t.name);
      for (const table of tables) {
        const rows = JSON.stringify(db.prepare(`SELECT * FROM "${table}"`).all());
        for (const trace of traces) expect([table, trace, rows.includes(trace)]).toEqual([table, trace, false]);
      }
      // And the files themselves (deleted rows are overwritten: secure_delete), for what no service's record holds.
      const directory = JSON.stringify(db.prepare('SELECT * FROM directory_services').all());
      for (const { file, text } of allFiles(dataDir)) {
        for (const trace of traces.filter((t) => !directory.includes(t))) expect([path.basename(file), trace, text.includes(trace)]).toEqual([path.basename(file), trace, false]);
      }
    } finally {
      db.close();
    }
    h = undefined as unknown as SmsHarness;
  });
});
