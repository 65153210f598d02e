import { CLU_API_VERSION, CluRecognizer } from '../../src/services/nlu/clu/CluRecognizer';
import { createRecognizer } from '../../src/services/nlu/createRecognizer';
import { RecognizerUnavailableError } from '../../src/services/nlu/RecognizerError';
import { startFakeServer, type FakeServer } from './fakeServer';

/** An analyze-conversations response as Azure AI Language returns it for the exported project. */
const result = {
  kind: 'ConversationResult',
  result: {
    query: 'skint and need a food bank',
    prediction: {
      projectKind: 'Conversation',
      topIntent: 'selfReferral',
      intents: [
        { category: 'selfReferral', confidenceScore: 0.87 },
        { category: 'findSupport', confidenceScore: 0.1 },
        { category: 'None', confidenceScore: 0 },
      ],
      entities: [
        { category: 'need', text: 'skint', offset: 0, length: 5, confidenceScore: 1, extraInformation: [{ extraInformationKind: 'ListKey', key: 'money' }] },
        { category: 'need', text: 'food bank', offset: 17, length: 9, confidenceScore: 1, extraInformation: [{ extraInformationKind: 'ListKey', key: 'food' }] },
        { category: 'somethingElse', text: 'x', offset: 0, length: 1, confidenceScore: 1 },
      ],
    },
  },
};

describe('the CLU recognizer (analyze-conversations REST, against a local fake)', () => {
  let fake: FakeServer;
  let recognizer: CluRecognizer;
  beforeAll(async () => {
    fake = await startFakeServer();
    recognizer = new CluRecognizer({ endpoint: fake.url, apiKey: 'clu-key', project: 'signpost', deployment: 'production' }, 0.6);
  });
  afterAll(() => fake.close());

  it('posts a Conversation task with project and deployment, and maps intent, score and needs', async () => {
    fake.respond(200, result);
    const r = await recognizer.recognize('skint and need a food bank');
    const seen = fake.requests.at(-1)!;
    expect(seen.method).toBe('POST');
    expect(seen.url).toBe(`/language/:analyze-conversations?api-version=${CLU_API_VERSION}`);
    expect(seen.headers['ocp-apim-subscription-key']).toBe('clu-key');
    expect(seen.body).toMatchObject({
      kind: 'Conversation',
      analysisInput: { conversationItem: { text: 'skint and need a food bank', participantId: expect.any(String), id: expect.any(String) } },
      parameters: { projectName: 'signpost', deploymentName: 'production', stringIndexType: 'Utf16CodeUnit' },
    });
    expect(r).toMatchObject({ intent: 'selfReferral', score: 0.87, lowConfidence: false, needs: ['money', 'food'] });
    expect(r.entities).toEqual([
      { type: 'need', value: 'money', text: 'skint', start: 0, end: 5 },
      { type: 'need', value: 'food', text: 'food bank', start: 17, end: 26 },
    ]);
  });

  it('flags low confidence below the minimum score', async () => {
    fake.respond(200, { result: { prediction: { projectKind: 'Conversation', topIntent: 'None', intents: [{ category: 'None', confidenceScore: 0.4 }], entities: [] } } });
    await expect(recognizer.recognize('blah')).resolves.toMatchObject({ intent: 'None', score: 0.4, lowConfidence: true });
  });

  it('throws RecognizerUnavailableError on an error status or a body that is not a prediction', async () => {
    fake.respond(403, { error: { code: 'Forbidden' } });
    await expect(recognizer.recognize('x')).rejects.toThrow(RecognizerUnavailableError);
    fake.respond(200, 'not json');
    await expect(recognizer.recognize('x')).rejects.toThrow(/not JSON/);
    fake.respond(200, { result: {} });
    await expect(recognizer.recognize('x')).rejects.toThrow(/no conversation prediction/);
  });

  it('is chosen by createRecognizer for NLU=clu', async () => {
    const r = await createRecognizer({ nlu: { kind: 'clu', minScore: 0.6, clu: { endpoint: fake.url, apiKey: 'k', project: 'p', deployment: 'd' } } });
    expect(r.kind).toBe('clu');
  });
});
