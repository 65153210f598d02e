/**
 * NLU=luis: a LUIS-compatible prediction endpoint (v3) through @azure/cognitiveservices-luis-runtime. Deploy the app
 * exported by `signpost nlu export --luis`: its list entity "need" has the need ids as canonical forms.
 */
import { LUISRuntimeClient } from '@azure/cognitiveservices-luis-runtime';
import { ApiKeyCredentials, type RequestOptionsBase } from '@azure/ms-rest-js';
import type { Config } from '../../../config';
import { isNeedId } from '../../needs/taxonomy';
import { rankIntents, type Entity, type Recognition, type Recognizer } from '../Recognizer';
import { RecognizerUnavailableError, uniqueNeeds } from '../RecognizerError';

type LuisSettings = NonNullable<Config['nlu']['luis']>;

interface LuisInstance {
  text?: string;
  startIndex?: number;
  length?: number;
}

export const NEED_ENTITY = 'need';
const TIMEOUT_MS = 5000;

export class LuisRecognizer implements Recognizer {
  readonly kind = 'luis' as const;
  private readonly client: LUISRuntimeClient;

  constructor(private readonly settings: LuisSettings, private readonly minScore: number) {
    const credentials = new ApiKeyCredentials({ inHeader: { 'Ocp-Apim-Subscription-Key': settings.apiKey } });
    this.client = new LUISRuntimeClient(credentials, settings.endpoint.replace(/\/+$/, ''));
  }

  async recognize(text: string): Promise<Recognition> {
    let prediction;
    // Our own timer (cleared when done) rather than the library's timeout option, which outlives the request.
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), TIMEOUT_MS);
    try {
      const response = await this.client.prediction.getSlotPrediction(this.settings.appId, this.settings.slot, { query: text }, { verbose: true, showAllIntents: true, abortSignal: abort.signal as unknown as RequestOptionsBase['abortSignal'] });
      prediction = response.prediction;
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      throw new RecognizerUnavailableError('luis', status ? `HTTP ${status}` : abort.signal.aborted ? 'timed out' : 'request failed');
    } finally {
      clearTimeout(timer);
    }
    if (!prediction || typeof prediction.intents !== 'object') throw new RecognizerUnavailableError('luis', 'no prediction in the response');
    const scores = Object.entries(prediction.intents).map(([intent, v]) => ({ intent, score: v?.score ?? 0 }));
    const values: unknown = prediction.entities?.[NEED_ENTITY];
    const instances: LuisInstance[] = (prediction.entities?.$instance?.[NEED_ENTITY] as LuisInstance[] | undefined) ?? [];
    const entities: Entity[] = [];
    if (Array.isArray(values)) {
      values.forEach((value: unknown, i) => {
        // A list entity's value is an array of canonical forms (usually one).
        for (const id of Array.isArray(value) ? value : [value]) {
          if (typeof id !== 'string' || !isNeedId(id)) continue;
          const at = instances[i];
          const start = at?.startIndex;
          const end = start !== undefined && at?.length !== undefined ? start + at.length : undefined;
          entities.push({ type: 'need', value: id, text: at?.text ?? '', start, end });
        }
      });
    }
    return { ...rankIntents(scores, this.minScore), needs: uniqueNeeds(entities.map((e) => e.value), isNeedId), entities };
  }
}
