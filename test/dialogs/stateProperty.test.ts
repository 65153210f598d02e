/** StateProperty behaves as botbuilder's own state property accessor, over the state loaded this turn or not yet. */
import { BotStatePropertyAccessor, ConversationState, MemoryStorage, TestAdapter, TurnContext } from 'botbuilder';
import { StateProperty } from '../../src/dialogs/stateProperty';

const turn = (): TurnContext => new TurnContext(new TestAdapter(), { type: 'message', text: 'hi', channelId: 'test', conversation: { id: 'c1', isGroup: false, conversationType: '', name: '' }, from: { id: 'u1', name: '' }, recipient: { id: 'bot', name: '' } });

describe('StateProperty', () => {
  it('does what botbuilder-core\'s accessor does: a default copied into state, set, delete, across turns', async () => {
    for (const make of [(state: ConversationState, name: string) => new StateProperty<{ items: string[] }>(state, name), (state: ConversationState, name: string) => new BotStatePropertyAccessor<{ items: string[] }>(state, name)]) {
      const storage = new MemoryStorage();
      const state = new ConversationState(storage);
      const property = make(state, 'list');
      const defaults = { items: [] as string[] };
      let context = turn();
      // Not loaded yet: it loads the state.
      const list = await property.get(context, defaults);
      list.items.push('a');
      expect(defaults.items).toEqual([]);
      expect(await property.get(context)).toEqual({ items: ['a'] });
      await state.saveChanges(context);
      context = turn();
      expect(await property.get(context, defaults)).toEqual({ items: ['a'] });
      await property.set(context, { items: ['b'] });
      expect(state.get(context)?.list).toEqual({ items: ['b'] });
      await property.delete(context);
      expect(await property.get(context)).toBeUndefined();
      expect(state.get(context)).not.toHaveProperty('list');
      // A default that is not an object is kept as it is.
      const count = new StateProperty<number>(state, 'count');
      expect(await count.get(context, 3)).toBe(3);
    }
  });
});
