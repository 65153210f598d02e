/**
 * Nobody left waiting on a link worker (issue 18 item 8), with an injectable clock over the real embedded store and
 * HandoffService: in opening hours a held conversation with no reply for HANDOFF_REPLY_MINUTES is flagged (a note, a
 * `flagged` queue event, once), after twice that it returns to the queue (urgent first) with a note; out of hours
 * nothing happens; a reply, or the person not having written since, clears it.
 */
import { rmSync } from 'node:fs';
import { say } from '../../../src/services/content/messages';
import type { Handoff } from '../../../src/services/handoff/Handoff';
import { HandoffEvents, type QueueEvent } from '../../../src/services/handoff/HandoffEvents';
import type { HandoffService, Worker } from '../../../src/services/handoff/HandoffService';
import { ObservedHandoffQueue } from '../../../src/services/handoff/ObservedHandoffQueue';
import { localDate, parseOpeningHours } from '../../../src/services/handoff/openingHours';
import { HandoffReplyWatch, replyState } from '../../../src/services/handoff/replyWatch';
import { openEmbeddedStores } from '../../../src/storage/embedded/openEmbeddedStores';
import type { Stores } from '../../../src/storage/Stores';
import { handoffServiceOver } from '../../helpers/handoffService';
import { tempDataDir } from '../../helpers/testApp';
import { newHandoff } from '../../storage/records';

const SAM: Worker = { id: 'worker-sam', firstName: 'Sam', supervisor: false };
const MINUTE = 60_000;
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const ALWAYS = parseOpeningHours('Mon-Sun 00:00-24:00 Europe/London');

describe('the reply watch', () => {
  let dir: string;
  let stores: Stores;
  let service: HandoffService;
  let now: Date;
  let queueEvents: QueueEvent[];
  const watch = (hours = ALWAYS) => new HandoffReplyWatch({ handoffs: service, hours, replyMinutes: 10, now: () => now, logger: { warn: () => undefined } });
  const later = (minutes: number) => (now = new Date(now.getTime() + minutes * MINUTE));
  const get = async (id: string) => (await stores.handoffs.get(id))!;
  const notes = async (id: string) => (await get(id)).transcript.filter((t) => t.from === 'system').map((t) => t.text);

  beforeEach(async () => {
    dir = tempDataDir('signpost-replywatch-');
    stores = await openEmbeddedStores({ dataDir: dir, retentionDays: 730 });
    const events = new HandoffEvents();
    queueEvents = [];
    events.onQueue((e) => queueEvents.push(e));
    // The store stamps claims with the real time: the test clock starts there and moves on.
    now = new Date();
    service = handoffServiceOver({ ...stores, handoffs: new ObservedHandoffQueue(stores.handoffs, events) }, { now: () => now, events });
  });
  afterEach(async () => {
    await stores.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const held = async (priority: 'urgent' | 'normal' = 'normal'): Promise<Handoff> => {
    const queued = await service.enqueue(newHandoff({ priority }));
    const claimed = await service.claim(queued.id, SAM);
    if (claimed.claimedAt! > now) now = claimed.claimedAt!;
    return claimed;
  };

  it('flags a held conversation after 10 minutes without a reply, once; returns it to the queue after 20, with a note', async () => {
    const h = await held();
    later(9);
    expect(await watch().sweep()).toEqual({ flagged: [], returned: [] });
    later(1);
    expect(await watch().sweep()).toEqual({ flagged: [h.id], returned: [] });
    expect(queueEvents.filter((e) => e.change === 'flagged')).toEqual([expect.objectContaining({ handoffId: h.id, status: 'active' })]);
    expect(await notes(h.id)).toEqual([say('handoff.noReply.flagged', { minutes: 10 })]);
    later(5);
    expect(await watch().sweep()).toEqual({ flagged: [], returned: [] });
    later(5);
    expect(await watch().sweep()).toEqual({ flagged: [], returned: [h.id] });
    expect(await get(h.id)).toMatchObject({ status: 'waiting' });
    expect((await get(h.id)).claimedBy).toBeUndefined();
    expect((await notes(h.id)).at(-1)).toBe(say('handoff.noReply.returned', { minutes: 20 }));
    expect((await stores.audit.listByRecord('handoff', h.id)).map((a) => `${a.actor} ${a.action}`)).toContain('system release:no-reply');
  });

  it('counts from the person\'s first message after the worker\'s last reply; nothing while the worker has the last word', async () => {
    const h = await held();
    later(5);
    // No patient channel here: the worker's reply is recorded as HandoffService.reply records a delivered one.
    await stores.handoffs.appendMessage(h.id, { from: 'worker', text: 'Hello, how can I help?', at: now, workerId: SAM.id, workerName: 'Sam' });
    later(30);
    expect(replyState(await get(h.id), now, 10)).toBe('ok');
    expect(await watch().sweep()).toEqual({ flagged: [], returned: [] });
    await service.recordPatientMessage(h.conversationId, 'I need help with my rent');
    later(10);
    expect(await watch().sweep()).toEqual({ flagged: [h.id], returned: [] });
  });

  it('does nothing out of opening hours', async () => {
    const h = await held();
    later(45);
    // Open one day only, the day after tomorrow in London: closed all today.
    const hours = parseOpeningHours(`${DAYS[(localDate(now, 'Europe/London').weekday + 2) % 7]} 09:00-17:00 Europe/London`);
    expect(await watch(hours).sweep()).toEqual({ flagged: [], returned: [] });
    expect((await get(h.id)).status).toBe('active');
  });

  it('returns urgent conversations to the queue first', async () => {
    const normal = await held('normal');
    const urgent = await held('urgent');
    later(20);
    expect((await watch().sweep()).returned).toEqual([urgent.id, normal.id]);
    expect(queueEvents.filter((e) => e.change === 'released').map((e) => e.handoffId)).toEqual([urgent.id, normal.id]);
  });
});
