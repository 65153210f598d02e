/**
 * Conversation state that notices a change by comparing JSON text, not hashes. botbuilder's BotState works out a
 * "change hash" (JSON.stringify with a replacer function, then sha256) three times a turn: on loading, before saving
 * and again after saving. With the state a referral keeps (about 5 KB: the dialog stack, the answers so far, the recent
 * turns) that was a third of a millisecond of every turn. Here the state becomes JSON text once on loading and once on
 * saving, with plain JSON.stringify (botbuilder's replacer differs only for objects with a `_replacer` method, which
 * JSON state never holds), and the two texts are compared.
 *
 * With a store that keeps state as JSON text (both of Signpost's, isJsonTextStorage) it goes further: the text read is
 * parsed once and is itself the snapshot, and the text made to compare is what is written. A turn then makes the
 * state's JSON once and parses it once, where BotState over such a store would do that five times.
 *
 * It behaves as BotState does: loaded once a turn and cached in the turn, written only when it changed (or when
 * forced), written with eTag "*", cleared and deleted the same way. Only the cache entry is its own.
 */
import { ConversationState, type Storage, type TurnContext } from 'botbuilder';
import { isJsonTextStorage, serialiseItem } from './botStateContract';

interface Cached {
  state: Record<string, unknown>;
  /** JSON text of the state (without its eTag) as loaded or last saved; '' after clear(), so it always saves. */
  snapshot: string;
}

/** The state's JSON text without its eTag: what a JSON-text store keeps, so the two compare. */
const snapshotOf = (state: Record<string, unknown>): string => serialiseItem(state);

export class SnapshotConversationState extends ConversationState {
  private readonly cacheKey = Symbol('signpost.conversationState');

  constructor(storage: Storage, namespace = '') {
    super(storage, namespace);
  }

  override async load(context: TurnContext, force = false): Promise<Record<string, unknown>> {
    const cached = this.cached(context);
    if (!force && cached?.state) return cached.state;
    const key = await this.storageKey(context);
    let loaded: Cached;
    if (isJsonTextStorage(this.storage)) {
      const json = await this.storage.readJson(key);
      loaded = json === undefined ? { state: {}, snapshot: '{}' } : { state: JSON.parse(json) as Record<string, unknown>, snapshot: json };
    } else {
      const state = ((await this.storage.read([key]))[key] as Record<string, unknown> | undefined) ?? {};
      loaded = { state, snapshot: snapshotOf(state) };
    }
    context.turnState.set(this.cacheKey, loaded);
    return loaded.state;
  }

  override async saveChanges(context: TurnContext, force = false): Promise<void> {
    let cached = this.cached(context);
    const now = cached ? snapshotOf(cached.state) : undefined;
    if (!force && (!cached || now === cached.snapshot)) return;
    cached ??= { state: {}, snapshot: '' };
    cached.state.eTag = '*';
    const key = await this.storageKey(context);
    const json = now ?? snapshotOf(cached.state);
    if (isJsonTextStorage(this.storage)) await this.storage.writeJson(key, json);
    else await this.storage.write({ [key]: cached.state });
    cached.snapshot = json;
    context.turnState.set(this.cacheKey, cached);
  }

  override async clear(context: TurnContext): Promise<void> {
    context.turnState.set(this.cacheKey, { state: {}, snapshot: '' } satisfies Cached);
  }

  override async delete(context: TurnContext): Promise<void> {
    context.turnState.delete(this.cacheKey);
    const key = await this.storageKey(context);
    await this.storage.delete([key]);
  }

  override get(context: TurnContext): Record<string, unknown> | undefined {
    return this.cached(context)?.state;
  }

  private cached(context: TurnContext): Cached | undefined {
    return context.turnState.get(this.cacheKey) as Cached | undefined;
  }
}
