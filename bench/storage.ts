/**
 * `storage`: the embedded store on disk, as the link-worker console and the bot use it.
 * - 200 link workers calling claimNext at once over 200 waiting handoffs (the in-process lock serialises claims),
 *   beside the same 200 claims made one after another (no contention: the least the lock can cost).
 * - 2 000 referrals saved (validated, mapped, appended to disk before acknowledging), beside 2 000 plain nedb inserts
 *   of the same documents into a file of their own.
 * - Opening a store holding those referrals (load, index, retention sweep), as at every restart.
 * - Disk growth per handoff message: 2 000 messages of 100 characters appended to one handoff's transcript, the database
 *   measured (checkpointed, on close) after the first and the second 1 000, beside the message's own size as stored.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Datastore from '@seald-io/nedb';
import type { NewHandoff } from '../src/services/handoff/Handoff';
import type { NewReferral } from '../src/services/referrals/Referral';
import { DATABASE_FILE, openEmbeddedStores } from '../src/storage/embedded/openEmbeddedStores';
import { referralToDocument } from '../src/storage/shared/documents';
import type { Stores } from '../src/storage/Stores';
import type { Bench, BenchFigure } from './types';

const CLAIMERS = 200;
const REFERRALS = Number(process.env.BENCH_STORAGE_REFERRALS ?? 2000);

function handoff(i: number): NewHandoff {
  const conversationId = `bench-${i}`;
  return { personId: `p-${i}`, channel: 'directline', conversationId, conversationReference: { conversation: { id: conversationId } } as never, priority: i % 5 === 0 ? 'urgent' : 'normal', summary: 'Needs: money' };
}

function referral(i: number): NewReferral {
  return {
    reference: `SP-B${i}`, personId: `p-${i}`, channel: 'directline', conversationId: `bench-${i}`, status: 'new', urgent: false,
    consent: { given: true, at: new Date() }, person: { contactMethod: 'text', contactValue: '+447700900123', postcode: 'BS16 1QY' },
    whatMatters: 'Feeling less alone', needs: ['loneliness', 'money'], servicesOffered: [],
  };
}

async function timed(task: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await task();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** Bytes per message added to a handoff's transcript, once checkpointed into the database: the second 1 000 of 2 000. */
async function bytesPerMessage(): Promise<{ perMessage: number; ownSize: number }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'signpost-bench-growth-'));
  const text = 'm'.repeat(100);
  const ownSize = Buffer.byteLength(JSON.stringify({ from: 'patient', text, at: { $$date: Date.now() } }));
  try {
    const sizes: number[] = [];
    let stores = await openEmbeddedStores({ dataDir, retentionDays: 730 });
    const { id } = await stores.handoffs.enqueue(handoff(0));
    for (let round = 0; round < 2; round += 1) {
      for (let i = 0; i < 1000; i += 1) await stores.handoffs.appendMessage(id, { from: 'patient', text, at: new Date() });
      await stores.close(); // checkpoints the WAL into the database
      sizes.push(statSync(path.join(dataDir, DATABASE_FILE)).size);
      stores = await openEmbeddedStores({ dataDir, retentionDays: 730 });
    }
    await stores.close();
    return { perMessage: (sizes[1] - sizes[0]) / 1000, ownSize };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function fillQueue(stores: Stores): Promise<void> {
  for (let i = 0; i < CLAIMERS; i++) await stores.handoffs.enqueue(handoff(i));
}

export const storageBench: Bench = {
  name: 'storage',
  description: `embedded store: ${CLAIMERS} concurrent claimNext, ${REFERRALS} referral saves, reopen, disk per handoff message`,
  async run(): Promise<BenchFigure[]> {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'signpost-bench-storage-'));
    try {
      let stores = await openEmbeddedStores({ dataDir, retentionDays: 730 });
      await fillQueue(stores);
      const concurrentMs = await timed(async () => {
        const won = await Promise.all(Array.from({ length: CLAIMERS }, (_, i) => stores.handoffs.claimNext(`w${i}`)));
        if (new Set(won.map((h) => h?.id)).size !== CLAIMERS) throw new Error('claimNext handed one handoff to two workers');
      });
      for (const h of await stores.handoffs.list('active')) await stores.handoffs.close(h.id, { type: 'signposted' });
      await fillQueue(stores);
      const sequentialMs = await timed(async () => {
        for (let i = 0; i < CLAIMERS; i++) await stores.handoffs.claimNext(`w${i}`);
      });

      const saveMs = await timed(async () => {
        for (let i = 0; i < REFERRALS; i++) await stores.referrals.create(referral(i));
      });
      const plain = new Datastore({ filename: path.join(dataDir, `plain-${randomUUID()}.db`) });
      await plain.loadDatabaseAsync();
      const plainMs = await timed(async () => {
        for (let i = 0; i < REFERRALS; i++) await plain.insertAsync(referralToDocument({ ...referral(i), createdAt: new Date(), updatedAt: new Date() }) as never);
      });

      await stores.close();
      const reopenMs = await timed(async () => {
        stores = await openEmbeddedStores({ dataDir, retentionDays: 730 });
      });
      await stores.close();
      const growth = await bytesPerMessage();

      return [
        {
          key: 'storageClaimNext200ConcurrentMs', label: `${CLAIMERS} concurrent claimNext, all distinct`, value: concurrentMs, unit: 'ms',
          baseline: { label: `${CLAIMERS} claimNext one after another`, value: sequentialMs, unit: 'ms' },
        },
        {
          key: 'storageReferralSaveMs', label: 'referral saved (per referral)', value: saveMs / REFERRALS, unit: 'ms',
          baseline: { label: 'plain nedb insert of the same document', value: plainMs / REFERRALS, unit: 'ms' },
        },
        { key: 'storageReopenMs', label: `reopen with ${REFERRALS} referrals and ${CLAIMERS * 2} handoffs`, value: reopenMs, unit: 'ms' },
        {
          key: 'storageBytesPerHandoffMessage', label: 'disk per handoff message (100 characters), 1 000 more after 1 000', value: growth.perMessage, unit: 'bytes',
          baseline: { label: 'the message as stored (JSON)', value: growth.ownSize, unit: 'bytes' },
        },
      ];
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
