import { createRecognizer } from '../../src/services/nlu/createRecognizer';
import { LuisRecognizer } from '../../src/services/nlu/luis/LuisRecognizer';
import { RecognizerUnavailableError } from '../../src/services/nlu/RecognizerError';
import { startFakeServer, type FakeServer } from './fakeServer';

const APP_ID = '11111111-2222-3333-4444-555555555555';

/** A LUIS v3 prediction as the service returns it for the exported app (list entity "need"). */
const prediction = {
  query: 'lonely and behind on rent',
  prediction: {
    topIntent: 'selfReferral',
    intents: { selfReferral: { score: 0.91 }, findSupport: { score: 0.05 }, None: { score: 0.02 }, someRetiredIntent: { score: 0.99 } },
    entities: {
      need: [['loneliness'], ['money'], ['housing'], ['not-a-need']],
      $instance: {
        need: [
          { type: 'need', text: 'lonely', startIndex: 0, length: 6 },
          { type: 'need', text: 'behind on', startIndex: 11, length: 9 },
          { type: 'need', text: 'rent', startIndex: 21, length: 4 },
          { type: 'need', text: 'x', startIndex: 0, length: 1 },
        ],
      },
    },
  },
};

describe('the LUIS recognizer (prediction v3, against a local fake)', () => {
  let fake: FakeServer;
  let recognizer: LuisRecognizer;
  beforeAll(async () => {
    fake = await startFakeServer();
    recognizer = new LuisRecognizer({ endpoint: `${fake.url}/`, appId: APP_ID, apiKey: 'secret-key', slot: 'production' }, 0.6);
  });
  afterAll(() => fake.close());

  it('asks the slot prediction API with the key in the header and maps intent, score and needs', async () => {
    fake.respond(200, prediction);
    const r = await recognizer.recognize('lonely and behind on rent');
    const seen = fake.requests.at(-1)!;
    expect(seen.method).toBe('POST');
    expect(seen.url).toMatch(new RegExp(`^/luis/prediction/v3\\.0/apps/${APP_ID}/slots/production/predict\\?`));
    expect(seen.url).toContain('verbose=true');
    expect(seen.url).toContain('show-all-intents=true');
    expect(seen.headers['ocp-apim-subscription-key']).toBe('secret-key');
    expect(seen.body).toMatchObject({ query: 'lonely and behind on rent' });
    expect(r).toMatchObject({ intent: 'selfReferral', score: 0.91, lowConfidence: false, needs: ['loneliness', 'money', 'housing'] });
    expect(r.entities[2]).toEqual({ type: 'need', value: 'housing', text: 'rent', start: 21, end: 25 });
  });

  it('flags low confidence below the minimum score', async () => {
    fake.respond(200, { query: 'hmm', prediction: { topIntent: 'help', intents: { help: { score: 0.3 }, None: { score: 0.2 } }, entities: {} } });
    await expect(recognizer.recognize('hmm')).resolves.toMatchObject({ intent: 'help', score: 0.3, lowConfidence: true, needs: [] });
  });

  it('throws RecognizerUnavailableError, without the text, when the service fails', async () => {
    fake.respond(401, { error: { code: '401', message: 'Access denied' } });
    const failure = recognizer.recognize('my secret words');
    await expect(failure).rejects.toBeInstanceOf(RecognizerUnavailableError);
    await expect(recognizer.recognize('my secret words')).rejects.toThrow(/HTTP 401/);
    await failure.catch((e: Error) => expect(e.message).not.toContain('secret words'));
  });

  it('is chosen by createRecognizer for NLU=luis', async () => {
    const r = await createRecognizer({ nlu: { kind: 'luis', minScore: 0.6, luis: { endpoint: fake.url, appId: APP_ID, apiKey: 'k', slot: 'staging' } } });
    expect(r.kind).toBe('luis');
    fake.respond(200, prediction);
    await r.recognize('hello');
    expect(fake.requests.at(-1)!.url).toContain('/slots/staging/predict');
  });
});
