/**
 * The mongoose models without a server (no MongoDB runs here): documents pass through mongoose's casting unchanged
 * (strict: false keeps fields the schema does not declare, minimize: false keeps empty objects, nested Dates stay
 * Dates, no __v), and the indexes the queue and retention rely on are declared.
 */
import mongoose from 'mongoose';
import { newAuditDocument, referralToDocument, serviceToDocument } from '../../src/storage/shared/documents';
import { newHandoffRecord } from '../../src/storage/shared/handoffRecords';
import { defineModels } from '../../src/storage/mongo/models';
import { directoryService, newHandoff, newReferral } from './records';
import { modelsWithoutServer } from './storeHarness';

describe('MongoDB models', () => {
  const held = modelsWithoutServer();

  async function roundTrip<T>(model: mongoose.Model<T>, doc: T): Promise<Record<string, unknown>> {
    const instance = new model(doc);
    await instance.validate();
    return instance.toObject({ depopulate: true }) as Record<string, unknown>;
  }

  it('keeps a referral exactly, nested Dates and all', async () => {
    const now = new Date();
    const doc = referralToDocument({ ...newReferral({ outcome: { type: 'signposted', at: now } }), createdAt: now, updatedAt: now });
    const stored = await roundTrip(held.models.referrals, doc);
    expect(stored).toEqual(doc);
    expect((stored.consent as { at: unknown }).at).toBeInstanceOf(Date);
    expect(stored).not.toHaveProperty('__v');
  });

  it('keeps a handoff exactly, with its transcript', async () => {
    const record = newHandoffRecord(newHandoff({ transcript: [{ from: 'patient', text: 'hi', at: new Date() }] }), new Date());
    expect(await roundTrip(held.models.handoffs, record)).toEqual(record);
  });

  it('keeps a directory service exactly, empty objects included', async () => {
    const doc = serviceToDocument(directoryService({ eligibility: {}, openingTimes: [] }));
    const stored = await roundTrip(held.models.directory, doc);
    expect(stored).toEqual(doc);
    expect(stored.eligibility).toEqual({});
  });

  it('keeps an audit entry', async () => {
    const doc = newAuditDocument({ actor: 'w', action: 'claim', recordType: 'handoff', recordId: 'h1' });
    expect(await roundTrip(held.models.audit, doc)).toMatchObject(doc);
  });

  it('declares the queue index and TTL indexes at RETENTION_DAYS', () => {
    const indexes = (model: mongoose.Model<never>) => model.schema.indexes();
    expect(indexes(held.models.handoffs as never)).toContainEqual([{ status: 1, priorityRank: 1, createdAt: 1, seq: 1 }, expect.anything()]);
    const ttl = 730 * 24 * 60 * 60;
    expect(indexes(held.models.handoffs as never)).toContainEqual([{ closedAt: 1 }, expect.objectContaining({ expireAfterSeconds: ttl })]);
    expect(indexes(held.models.referrals as never)).toContainEqual([{ createdAt: 1 }, expect.objectContaining({ expireAfterSeconds: ttl })]);
    expect(indexes(held.models.botState as never)).toContainEqual([{ updatedAt: 1 }, expect.objectContaining({ expireAfterSeconds: ttl })]);
  });

  it('caps a TTL at what MongoDB accepts (a 32-bit number of seconds)', () => {
    const other = mongoose.createConnection();
    const huge = defineModels(other, 100_000);
    expect(huge.referrals.schema.indexes()).toContainEqual([{ createdAt: 1 }, expect.objectContaining({ expireAfterSeconds: 2_147_483_647 })]);
    return other.close();
  });
});
