import { startTestApp, type TestApp } from '../helpers/testApp';

describe('the app wires understanding in', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('exposes a trained recognizer and the safety assessor, and reports the recognizer on /healthz', async () => {
    expect(t.app.recognizer.kind).toBe('local');
    await expect(t.app.recognizer.recognize('im lonely')).resolves.toMatchObject({ intent: 'selfReferral', needs: ['loneliness'] });
    await expect(t.app.safety.assess('i want to end my life')).resolves.toMatchObject({ level: 'crisis' });
    const health = await (await fetch(`${t.baseUrl}/healthz`)).json();
    expect(health).toMatchObject({ nlu: 'local' });
  });
});
