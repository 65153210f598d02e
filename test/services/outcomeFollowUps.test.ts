/**
 * OutcomeFollowUps on the real embedded store: follow-ups go out only when due and while link workers are at work,
 * exactly once even with two servers sharing the store, never to someone who cannot be reached, and one failure does
 * not hold up the rest. Turns are recorded where app.ts would start them in the patient's channel.
 */
import { rmSync } from 'node:fs';
import type { ConversationReference } from 'botbuilder';
import { parseOpeningHours } from '../../src/services/handoff/openingHours';
import type { Handoff } from '../../src/services/handoff/Handoff';
import { OutcomeFollowUps } from '../../src/services/outcomes/OutcomeFollowUps';
import type { ProactiveEvent } from '../../src/services/outcomes/proactiveTurns';
import { openEmbeddedStores } from '../../src/storage/embedded/openEmbeddedStores';
import type { Stores } from '../../src/storage/Stores';
import { tempDataDir } from '../helpers/testApp';
import { newHandoff, newReferral } from '../storage/records';

const MONDAY_10AM = new Date('2026-06-01T09:00:00Z');
const SATURDAY_10AM = new Date('2026-06-06T09:00:00Z');
const quiet = { info: () => undefined, warn: () => undefined };

describe('OutcomeFollowUps', () => {
  let dir: string;
  let stores: Stores;
  let started: { reference: Partial<ConversationReference>; event: ProactiveEvent }[];
  let now: Date;

  beforeEach(async () => {
    dir = tempDataDir('signpost-followups-');
    stores = await openEmbeddedStores({ dataDir: dir, retentionDays: 730 });
    started = [];
    now = MONDAY_10AM;
  });
  afterEach(async () => {
    await stores.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function followUps(options: { canReach?: (h: Handoff) => Promise<boolean>; failFor?: string } = {}): OutcomeFollowUps {
    return new OutcomeFollowUps({
      referrals: stores.referrals,
      handoffs: stores.handoffs,
      turns: {
        start: async (reference, event) => {
          if (reference.conversation?.id === options.failFor) throw new Error('channel down');
          started.push({ reference, event });
        },
      },
      canReach: options.canReach ?? (async () => true),
      openingHours: parseOpeningHours('Mon-Fri 09:00-17:00 Europe/London'),
      logger: quiet,
      now: () => now,
    });
  }

  async function agreed(dueAt: Date, conversationId = `conv-${Math.random()}`) {
    const handoff = await stores.handoffs.enqueue(newHandoff({ conversationId }));
    const referral = await stores.referrals.create(newReferral({ followUp: { consentAt: new Date('2026-04-20T09:00:00Z'), dueAt, handoffId: handoff.id } }));
    return { handoff, referral };
  }

  it('sends what is due in opening hours, to the conversation of the handoff, and nothing not yet due', async () => {
    const due = await agreed(new Date('2026-06-01T08:00:00Z'));
    await agreed(new Date('2026-06-02T08:00:00Z'));
    expect(await followUps().sendDue()).toEqual({ sent: 1, skipped: 0 });
    expect(started).toEqual([{ reference: due.handoff.conversationReference, event: { name: 'signpost.followUp', value: { referralReference: due.referral.reference } } }]);
    expect((await stores.referrals.get(due.referral.reference))?.followUp?.sentAt).toEqual(now);
  });

  it('waits for opening hours: nothing on a Saturday, sent on Monday', async () => {
    await agreed(new Date('2026-06-05T08:00:00Z'));
    now = SATURDAY_10AM;
    expect(await followUps().sendDue()).toEqual({ sent: 0, skipped: 0 });
    now = new Date('2026-06-08T09:00:00Z');
    expect(await followUps().sendDue()).toEqual({ sent: 1, skipped: 0 });
  });

  it('sends each exactly once with two servers at it together', async () => {
    for (let i = 0; i < 5; i += 1) await agreed(new Date('2026-06-01T08:00:00Z'));
    const [a, b] = await Promise.all([followUps().sendDue(), followUps().sendDue()]);
    expect(a.sent + b.sent).toBe(5);
    expect(new Set(started.map((s) => (s.event.value as { referralReference: string }).referralReference)).size).toBe(5);
    expect(await followUps().sendDue()).toEqual({ sent: 0, skipped: 0 });
  });

  it('skips, and says why, someone who opted out or whose conversation is gone; a failing channel does not stop the rest', async () => {
    const optedOut = await agreed(new Date('2026-06-01T07:00:00Z'), 'conv-opted-out');
    const gone = await agreed(new Date('2026-06-01T07:30:00Z'));
    await stores.handoffs.eraseByPerson(gone.handoff.personId);
    const failing = await agreed(new Date('2026-06-01T07:45:00Z'), 'conv-down');
    const fine = await agreed(new Date('2026-06-01T08:00:00Z'));
    const report = await followUps({ canReach: async (h) => h.conversationId !== 'conv-opted-out', failFor: 'conv-down' }).sendDue();
    expect(report).toEqual({ sent: 1, skipped: 3 });
    expect(started.map((s) => s.reference.conversation?.id)).toEqual([fine.handoff.conversationId]);
    expect((await stores.referrals.get(optedOut.referral.reference))?.followUp?.skipped).toBe('opted-out');
    expect((await stores.referrals.get(gone.referral.reference))?.followUp?.skipped).toBe('unreachable');
    expect((await stores.referrals.get(failing.referral.reference))?.followUp?.skipped).toBe('unreachable');
  });

  it('runs by itself once started, and stops cleanly', async () => {
    await agreed(new Date('2026-06-01T08:00:00Z'));
    const service = followUps();
    service.start();
    for (let i = 0; i < 100 && started.length === 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    await service.stop();
    expect(started).toHaveLength(1);
  });
});
