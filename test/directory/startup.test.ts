/** The real app imports the bundled directory into an empty store at start-up, once. */
import { startTestApp, tempDataDir } from '../helpers/testApp';

describe('the default directory at start-up', () => {
  it('fills an empty store, and leaves a store that has services alone', async () => {
    const dataDir = tempDataDir('signpost-startup-');
    const first = await startTestApp({ SIGNPOST_DATA_DIR: dataDir });
    expect(await first.app.stores.directory.count()).toBe(174);
    expect(first.logs.text()).toContain('imported the bundled directory into the empty store');
    await first.app.stores.directory.update('sheffield_food:0', { name: 'Hillsborough (edited by a link worker)' });
    await first.close({ keepData: true });

    const second = await startTestApp({ SIGNPOST_DATA_DIR: dataDir });
    expect(await second.app.stores.directory.count()).toBe(174);
    expect((await second.app.stores.directory.get('sheffield_food:0'))?.name).toBe('Hillsborough (edited by a link worker)');
    expect(second.logs.text()).not.toContain('imported the bundled directory');
    await second.close();
  });
});
