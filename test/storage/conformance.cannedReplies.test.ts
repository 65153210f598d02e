/** Conformance: the team's canned replies on every adapter (created, listed by title, changed, deleted, kept across reopen). */
import { NotFoundError } from '../../src/services/referrals/ReferralRepository';
import { InvalidRecordError } from '../../src/storage/shared/validation';
import { describeEachAdapter } from './storeHarness';

describeEachAdapter('canned replies', (h) => {
  it('creates, lists by title whatever the case, reads back intact with Dates, and keeps them across a reopen', async () => {
    const replies = h.stores().cannedReplies;
    const welcome = await replies.create({ title: 'welcome', text: 'Hello {firstName}, I am {workerName}.', createdBy: 'w1' });
    const callBack = await replies.create({ title: 'Call back', text: 'Can I call you today?', createdBy: 'w2' });
    expect(welcome).toMatchObject({ id: expect.any(String), title: 'welcome', createdBy: 'w1', updatedBy: 'w1' });
    expect(welcome.createdAt).toBeInstanceOf(Date);
    expect((await replies.list()).map((r) => r.title)).toEqual(['Call back', 'welcome']);
    expect(await replies.get(callBack.id)).toEqual(callBack);
    expect(await replies.get('no-such-id')).toBeNull();
    const reopened = await h.reopen();
    expect(await reopened.cannedReplies.list()).toEqual([callBack, welcome]);
  });

  it('changes the title or the text, noting who and when; NotFound for an unknown id', async () => {
    const replies = h.stores().cannedReplies;
    const created = await replies.create({ title: 'Welcome', text: 'Hello', createdBy: 'w1' });
    const changed = await replies.update(created.id, { text: 'Hello {firstName}', updatedBy: 'admin-1' });
    expect(changed).toMatchObject({ title: 'Welcome', text: 'Hello {firstName}', createdBy: 'w1', updatedBy: 'admin-1' });
    expect(changed.updatedAt.getTime()).toBeGreaterThanOrEqual(created.updatedAt.getTime());
    expect(await replies.get(created.id)).toEqual(changed);
    await expect(replies.update('no-such-id', { title: 'x', updatedBy: 'w1' })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('deletes one (false when there was none), leaving the others', async () => {
    const replies = h.stores().cannedReplies;
    const a = await replies.create({ title: 'A', text: 'a', createdBy: 'w1' });
    const b = await replies.create({ title: 'B', text: 'b', createdBy: 'w1' });
    expect(await replies.delete(a.id)).toBe(true);
    expect(await replies.delete(a.id)).toBe(false);
    expect(await replies.list()).toEqual([b]);
  });

  it('refuses an empty title or text, or one too long, with a clear error, saving nothing', async () => {
    const replies = h.stores().cannedReplies;
    await expect(replies.create({ title: '  ', text: 'a', createdBy: 'w1' })).rejects.toBeInstanceOf(InvalidRecordError);
    await expect(replies.create({ title: 'A', text: ' ', createdBy: 'w1' })).rejects.toBeInstanceOf(InvalidRecordError);
    await expect(replies.create({ title: 'A', text: 'x'.repeat(2001), createdBy: 'w1' })).rejects.toBeInstanceOf(InvalidRecordError);
    const kept = await replies.create({ title: 'A', text: 'a', createdBy: 'w1' });
    await expect(replies.update(kept.id, { text: '', updatedBy: 'w1' })).rejects.toBeInstanceOf(InvalidRecordError);
    expect(await replies.list()).toEqual([kept]);
  });
});
