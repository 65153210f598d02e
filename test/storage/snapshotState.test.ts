/**
 * SnapshotConversationState behaves as botbuilder's ConversationState: the same turns give the same writes (when and
 * what) to the same storage, only the change check differs (JSON text compared, not hashed); and over a store that
 * keeps state as JSON text (the embedded store on disk here) it writes the same items, as text.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ActivityTypes, ConversationState, MemoryStorage, TestAdapter, TurnContext, type Storage, type StoreItems } from 'botbuilder';
import { EmbeddedBotState } from '../../src/storage/embedded/EmbeddedBotState';
import { SnapshotConversationState } from '../../src/storage/shared/snapshotState';

/** MemoryStorage that records what is written and deleted. */
class RecordingStorage extends MemoryStorage {
  readonly log: string[] = [];

  override async write(changes: StoreItems): Promise<void> {
    for (const [key, item] of Object.entries(changes)) {
      const { eTag, ...rest } = item as Record<string, unknown>;
      this.log.push(`write ${key} eTag=${String(eTag)} ${JSON.stringify(rest)}`);
    }
    return super.write(changes);
  }

  override async delete(keys: string[]): Promise<void> {
    this.log.push(`delete ${keys.join(',')}`);
    return super.delete(keys);
  }
}

function turn(adapter: TestAdapter): TurnContext {
  return new TurnContext(adapter, {
    type: ActivityTypes.Message, channelId: 'test', text: 'hi',
    conversation: { id: 'c1', isGroup: false, conversationType: 'personal', name: '' },
    from: { id: 'u1', name: '' }, recipient: { id: 'bot', name: '' }, serviceUrl: 'http://127.0.0.1',
  });
}

type Kind = typeof ConversationState | typeof SnapshotConversationState;

/** A script of turns that reads, changes, leaves alone, clears, forces and deletes state. */
async function script(Kind: Kind, recorded: { storage: Storage; log: string[] } = recording()): Promise<{ log: string[]; seen: unknown[] }> {
  const { storage, log } = recorded;
  const state = new Kind(storage);
  const count = state.createProperty<number>('count');
  const nested = state.createProperty<{ list: string[] }>('nested');
  const adapter = new TestAdapter();
  const seen: unknown[] = [];

  const turns: ((c: TurnContext) => Promise<void>)[] = [
    async (c) => count.set(c, 1),
    async (c) => void seen.push(await count.get(c)), // read only: nothing written
    async (c) => void (await nested.get(c, { list: [] })).list.push('a'), // changed in place
    async (c) => void seen.push(await nested.get(c)),
    async () => undefined, // never loaded: nothing written
    async (c) => state.clear(c),
    async (c) => void seen.push(await count.get(c, 7), state.get(c)),
  ];
  for (const step of turns) {
    const c = turn(adapter);
    await step(c);
    await state.saveChanges(c);
  }
  const c = turn(adapter);
  await state.load(c);
  await state.saveChanges(c, true); // forced: written although unchanged
  await state.delete(c);
  seen.push(await state.load(turn(adapter)), state.get(c));
  return { log, seen };
}

function recording(): { storage: Storage; log: string[] } {
  const storage = new RecordingStorage();
  return { storage, log: storage.log };
}

/** The embedded bot-state store in a fresh folder, its JSON-text writes and deletes recorded as RecordingStorage does. */
async function recordingEmbedded(dir: string): Promise<{ storage: EmbeddedBotState; log: string[] }> {
  const storage = await EmbeddedBotState.open(dir);
  const log: string[] = [];
  const { writeJson, delete: remove } = storage;
  storage.writeJson = async (key, json) => {
    log.push(`write ${key} eTag=* ${json}`);
    return writeJson.call(storage, key, json);
  };
  storage.write = async () => {
    throw new Error('conversation state over a JSON-text store writes text');
  };
  storage.delete = async (keys) => {
    log.push(`delete ${keys.join(',')}`);
    return remove.call(storage, keys);
  };
  return { storage, log };
}

describe('SnapshotConversationState', () => {
  it('writes exactly when and what botbuilder ConversationState writes, and reads the same', async () => {
    const theirs = await script(ConversationState);
    const ours = await script(SnapshotConversationState);
    expect(ours).toEqual(theirs);
    // The script does exercise the cases: a read-only turn and an untouched turn write nothing.
    expect(theirs.log).toEqual([
      'write test/conversations/c1/ eTag=* {"count":1}',
      'write test/conversations/c1/ eTag=* {"count":1,"nested":{"list":["a"]}}',
      'write test/conversations/c1/ eTag=* {}',
      'write test/conversations/c1/ eTag=* {"count":7}',
      'write test/conversations/c1/ eTag=* {"count":7}',
      'delete test/conversations/c1/',
    ]);
  });

  it('over a JSON-text store (the embedded one, on disk) writes the same items when ConversationState would, and reads the same', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'signpost-snapshot-'));
    try {
      const embedded = await recordingEmbedded(dir);
      const ours = await script(SnapshotConversationState, embedded);
      await embedded.storage.close();
      expect(ours).toEqual(await script(ConversationState));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes state written before the text was kept without its eTag, and writes it back once in the new form', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'signpost-snapshot-'));
    try {
      const { storage, log } = await recordingEmbedded(dir);
      await storage.writeJson('test/conversations/c1/', '{"count":3,"eTag":"old-etag"}');
      log.length = 0;
      const state = new SnapshotConversationState(storage);
      const count = state.createProperty<number>('count');
      for (let i = 0; i < 2; i++) {
        const c = turn(new TestAdapter());
        expect(await count.get(c)).toBe(3);
        await state.saveChanges(c);
      }
      expect(log).toEqual(['write test/conversations/c1/ eTag=* {"count":3}']);
      await storage.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps its namespace in the storage key, as ConversationState does', async () => {
    const storage = new RecordingStorage();
    const state = new SnapshotConversationState(storage, 'ns');
    const c = turn(new TestAdapter());
    await state.createProperty<number>('n').set(c, 1);
    await state.saveChanges(c);
    expect(storage.log).toEqual(['write test/conversations/c1/ns eTag=* {"n":1}']);
  });
});
