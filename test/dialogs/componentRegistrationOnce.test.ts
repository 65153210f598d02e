/**
 * botbuilder-dialogs registers its components again in every dialog state manager, one per dialog context, 13-14 a
 * turn of the referral: with reuseDialogsComponentRegistration (installed by MainDialog) each registration is the
 * same one, made once, and the dialogs work as before.
 */
import { ComponentRegistration } from 'botbuilder-core';
import { MESSAGES } from '../../src/services/content/messages';
import { DialogHarness } from './harness';

describe('botbuilder-dialogs component registration', () => {
  let h: DialogHarness;
  beforeEach(async () => {
    h = await DialogHarness.start();
  });
  afterEach(async () => h.close());

  it('registers the same DialogsComponentRegistration for every dialog context of a turn instead of building one each', async () => {
    await h.say('hi');
    const add = jest.spyOn(ComponentRegistration, 'add');
    try {
      expect(await h.say('refer myself')).toContain(MESSAGES['consent.ask']);
      expect(await h.say('yes')).toContain(MESSAGES['intake.name.ask']);
      const registered = add.mock.calls.map(([registration]) => registration);
      expect(registered.length).toBeGreaterThan(4);
      expect(new Set(registered).size).toBe(1);
      expect(registered[0].constructor.name).toBe('DialogsComponentRegistration');
      // What the library reads from it is still there.
      expect(ComponentRegistration.components).toContain(registered[0]);
    } finally {
      add.mockRestore();
    }
  });
});
