/**
 * Every transition of a conversation's handoff, once, at its one owner (HandoffService) over the real embedded store:
 * what it changes, what the referral becomes (derived, never set elsewhere), what the patient is told, and that the
 * state machine refuses it from a state the table does not allow. The callers' paths (the dialog's escalate, the
 * relay's) are tested in test/dialogs/parts.test.ts and test/bots/relay.test.ts.
 */
import { rmSync } from 'node:fs';
import { ActivityTypes, TestAdapter, TurnContext } from 'botbuilder';
import { say } from '../../../src/services/content/messages';
import type { Handoff } from '../../../src/services/handoff/Handoff';
import { HANDOFF_TRANSITIONS, IllegalTransitionError, nextState, type HandoffState, type HandoffTransition } from '../../../src/services/handoff/handoffStateMachine';
import { HandoffService, type Worker } from '../../../src/services/handoff/HandoffService';
import { PatientChannels } from '../../../src/services/handoff/PatientChannels';
import { openEmbeddedStores } from '../../../src/storage/embedded/openEmbeddedStores';
import type { Stores } from '../../../src/storage/Stores';
import { tempDataDir } from '../../helpers/testApp';
import { newHandoff, newReferral } from '../../storage/records';

const SAM: Worker = { id: 'worker-sam', firstName: 'Sam', supervisor: false };
const ALEX: Worker = { id: 'worker-alex', firstName: 'Alex', supervisor: false };
const ADMIN: Worker = { id: 'worker-admin', firstName: 'Kim', supervisor: true };

describe('handoff transitions, at HandoffService', () => {
  let dir: string;
  let stores: Stores;
  let service: HandoffService;
  let told: string[];

  beforeEach(async () => {
    dir = tempDataDir('signpost-transitions-');
    stores = await openEmbeddedStores({ dataDir: dir, retentionDays: 730 });
    told = [];
    const channels = new PatientChannels();
    const adapter = new TestAdapter();
    channels.register(undefined, async (reference, logic) => {
      const context = new TurnContext(adapter, TurnContext.applyConversationReference({ type: ActivityTypes.Event, name: 'continueConversation' }, reference, true));
      context.onSendActivities(async (_ctx, activities) => {
        for (const a of activities) if (a.type === ActivityTypes.Message) told.push(a.text ?? '');
        return activities.map(() => ({ id: 'sent' }));
      });
      await logic(context);
    });
    service = new HandoffService({ queue: stores.handoffs, referrals: stores.referrals, channels, audit: stores.audit, logger: { info: () => undefined, warn: () => undefined } });
  });
  afterEach(async () => {
    await stores.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const referred = async () => (await stores.referrals.create(newReferral())).reference;
  const queued = async (referralReference?: string): Promise<Handoff> => service.enqueue(newHandoff(referralReference ? { referralReference } : {}));
  const statusOf = async (reference: string) => (await stores.referrals.get(reference))?.status;
  const actionsOn = async (id: string) => (await stores.audit.listByRecord('handoff', id)).map((e) => `${e.actor} ${e.action}`);

  it('the table: every transition is refused from every state it does not list', () => {
    const states: HandoffState[] = ['none', 'waiting', 'active', 'closed'];
    for (const transition of Object.keys(HANDOFF_TRANSITIONS) as HandoffTransition[]) {
      for (const state of states) {
        if (HANDOFF_TRANSITIONS[transition].from.includes(state)) expect(() => nextState(transition, state)).not.toThrow();
        else expect(() => nextState(transition, state, 'h1')).toThrow(new IllegalTransitionError(transition, state, 'h1').message);
      }
    }
  });

  it('enqueue: waiting, the referral handed off; a second open handoff for the chat is refused', async () => {
    const reference = await referred();
    const handoff = await queued(reference);
    expect(handoff.status).toBe('waiting');
    expect(await statusOf(reference)).toBe('handed-off');
    await expect(service.enqueue(newHandoff({ conversationId: handoff.conversationId }))).rejects.toBeInstanceOf(IllegalTransitionError);
    expect(await stores.handoffs.list('waiting')).toHaveLength(1);
  });

  it('escalate: urgent, with the note for the worker (the kind of risk); refused once closed', async () => {
    const handoff = await queued();
    const escalated = await service.escalate(handoff.id, ['suicide']);
    expect(escalated.priority).toBe('urgent');
    const system = (await stores.handoffs.get(handoff.id))!.transcript.filter((t) => t.from === 'system').map((t) => t.text);
    expect(system).toEqual([`${say('handoff.summary.escalated')} ${say('handoff.summary.crisis', { categories: 'suicide' })}`]);
    // Already urgent: nothing more to say.
    await service.escalate(handoff.id);
    expect((await stores.handoffs.get(handoff.id))!.transcript.filter((t) => t.from === 'system')).toHaveLength(1);
    await service.claim(handoff.id, SAM);
    await service.close(handoff.id, SAM, { type: 'signposted' });
    await expect(service.escalate(handoff.id)).rejects.toBeInstanceOf(IllegalTransitionError);
  });

  it('claim: active and held, the referral in progress, the patient told; refused once closed', async () => {
    const reference = await referred();
    const handoff = await queued(reference);
    const claimed = await service.claim(handoff.id, SAM);
    expect(claimed).toMatchObject({ status: 'active', claimedBy: SAM.id });
    expect(await statusOf(reference)).toBe('in-progress');
    expect(told).toEqual([say('handoff.worker.joined', { name: 'Sam' })]);
    expect(await actionsOn(handoff.id)).toContain(`${SAM.id} claim`);
    await service.close(handoff.id, SAM, { type: 'signposted' });
    await expect(service.claim(handoff.id, ALEX)).rejects.toBeInstanceOf(IllegalTransitionError);
  });

  it('release: back to waiting, unclaimed; refused while it waits', async () => {
    const handoff = await queued();
    await expect(service.release(handoff.id, ADMIN)).rejects.toBeInstanceOf(IllegalTransitionError);
    await service.claim(handoff.id, SAM);
    const released = await service.release(handoff.id, SAM);
    expect(released.status).toBe('waiting');
    expect(released.claimedBy).toBeUndefined();
    expect(await actionsOn(handoff.id)).toContain(`${SAM.id} release`);
  });

  it('transfer: held by the colleague, the patient told who is with them, the transcript says who passed it; refused while waiting or to oneself', async () => {
    const handoff = await queued();
    await expect(service.transfer(handoff.id, ADMIN, ALEX)).rejects.toBeInstanceOf(IllegalTransitionError);
    await service.claim(handoff.id, SAM);
    await expect(service.transfer(handoff.id, SAM, SAM)).rejects.toBeInstanceOf(IllegalTransitionError);
    const moved = await service.transfer(handoff.id, SAM, ALEX);
    expect(moved).toMatchObject({ status: 'active', claimedBy: ALEX.id });
    expect(told.at(-1)).toBe(say('handoff.worker.transferred', { name: 'Alex' }));
    const transcript = (await stores.handoffs.get(handoff.id))!.transcript;
    expect(transcript.some((t) => t.from === 'system' && t.text === say('handoff.transferred', { from: 'Sam', to: 'Alex' }))).toBe(true);
    expect(await actionsOn(handoff.id)).toContain(`${SAM.id} transfer:${ALEX.id}`);
    // Now Alex holds it: Sam may no longer reply.
    await expect(service.reply(handoff.id, SAM, 'hello')).rejects.toThrow(/not claimed by you/);
  });

  it('close: closed with its outcome, the referral closed with it (handed back, the referral is new again); refused twice', async () => {
    const reference = await referred();
    const handoff = await queued(reference);
    await service.claim(handoff.id, SAM);
    const { handoff: closed } = await service.close(handoff.id, SAM, { type: 'referred', detail: 'Befriending' });
    expect(closed).toMatchObject({ status: 'closed', outcome: { type: 'referred', detail: 'Befriending' } });
    expect(await stores.referrals.get(reference)).toMatchObject({ status: 'closed', outcome: { type: 'referred', detail: 'Befriending' } });
    await expect(service.close(handoff.id, ADMIN, { type: 'signposted' })).rejects.toBeInstanceOf(IllegalTransitionError);

    const back = await referred();
    const again = await queued(back);
    await service.claim(again.id, SAM);
    await service.close(again.id, SAM, { type: 'handed-back' });
    expect(await statusOf(back)).toBe('new');
  });

  it('erase: the open handoff closes as erased, audited for the patient; none open, nothing to do', async () => {
    const handoff = await queued();
    const closed = await service.closeForErasure(handoff.conversationId, handoff.personId);
    expect(closed).toMatchObject({ status: 'closed', outcome: { type: 'erased' } });
    expect(await actionsOn(handoff.id)).toContain(`patient:${handoff.personId} close:erased`);
    expect(await service.closeForErasure(handoff.conversationId, handoff.personId)).toBeNull();
  });
});
