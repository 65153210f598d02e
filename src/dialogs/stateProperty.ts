/**
 * A property of bot state, as botbuilder's `BotState.createProperty` gives, that does the same with less work.
 * botbuilder-core is compiled for ES2015, so each `get`, `set` or `delete` of its accessor is a generator run by its
 * `__awaiter` helper (a new generator function, prototype and hidden class each call) around an `await` of the state's
 * `load`. A turn of the referral makes about eleven such calls (the session, the draft, the dialog stack). This one is
 * a native async function and reads the state already loaded this turn without waiting for `load` again; otherwise
 * it behaves as botbuilder's: the default value is copied (through JSON) into state when the property is missing.
 */
import type { BotState, StatePropertyAccessor, TurnContext } from 'botbuilder';

const hasOwn = (object: object, name: string): boolean => Object.prototype.hasOwnProperty.call(object, name);

export class StateProperty<T = unknown> implements StatePropertyAccessor<T> {
  constructor(private readonly state: BotState, readonly name: string) {}

  get(context: TurnContext): Promise<T | undefined>;
  get(context: TurnContext, defaultValue: T): Promise<T>;
  async get(context: TurnContext, defaultValue?: T): Promise<T | undefined> {
    const object = await this.loaded(context);
    if (!hasOwn(object, this.name) && defaultValue !== undefined) {
      object[this.name] = typeof defaultValue === 'object' ? JSON.parse(JSON.stringify(defaultValue)) : defaultValue;
    }
    return object[this.name] as T | undefined;
  }

  async set(context: TurnContext, value: T): Promise<void> {
    (await this.loaded(context))[this.name] = value;
  }

  async delete(context: TurnContext): Promise<void> {
    const object = await this.loaded(context);
    if (hasOwn(object, this.name)) delete object[this.name];
  }

  /** The state as loaded this turn (loaded now if it was not). */
  private loaded(context: TurnContext): Record<string, unknown> | Promise<Record<string, unknown>> {
    return (this.state.get(context) as Record<string, unknown> | undefined) ?? (this.state.load(context) as Promise<Record<string, unknown>>);
  }
}
