/**
 * NLU=clu: Azure AI Language conversational language understanding, over its REST API
 * (POST {endpoint}/language/:analyze-conversations). Deploy the project exported by `signpost nlu export --clu`: its
 * list entity "need" has the need ids as list keys.
 */
import type { Config } from '../../../config';
import { isNeedId } from '../../needs/taxonomy';
import { rankIntents, type Entity, type Recognition, type Recognizer } from '../Recognizer';
import { RecognizerUnavailableError, uniqueNeeds } from '../RecognizerError';

type CluSettings = NonNullable<Config['nlu']['clu']>;

export const CLU_API_VERSION = '2023-04-01';
const TIMEOUT_MS = 5000;

interface CluEntity {
  category?: string;
  text?: string;
  offset?: number;
  length?: number;
  extraInformation?: { extraInformationKind?: string; key?: string }[];
}

interface CluResponse {
  result?: {
    prediction?: {
      projectKind?: string;
      topIntent?: string;
      intents?: { category?: string; confidenceScore?: number }[];
      entities?: CluEntity[];
    };
  };
}

export class CluRecognizer implements Recognizer {
  readonly kind = 'clu' as const;
  private readonly url: string;

  constructor(private readonly settings: CluSettings, private readonly minScore: number) {
    this.url = `${settings.endpoint.replace(/\/+$/, '')}/language/:analyze-conversations?api-version=${CLU_API_VERSION}`;
  }

  async recognize(text: string): Promise<Recognition> {
    const body = {
      kind: 'Conversation',
      analysisInput: { conversationItem: { id: '1', participantId: 'user', text } },
      parameters: { projectName: this.settings.project, deploymentName: this.settings.deployment, stringIndexType: 'Utf16CodeUnit', verbose: true },
    };
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'Ocp-Apim-Subscription-Key': this.settings.apiKey },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw new RecognizerUnavailableError('clu', (error as Error).name === 'TimeoutError' ? 'timed out' : 'request failed');
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new RecognizerUnavailableError('clu', `HTTP ${response.status}`);
    }
    let json: CluResponse;
    try {
      json = (await response.json()) as CluResponse;
    } catch {
      throw new RecognizerUnavailableError('clu', 'the response was not JSON');
    }
    const prediction = json.result?.prediction;
    if (!prediction || !Array.isArray(prediction.intents)) throw new RecognizerUnavailableError('clu', 'no conversation prediction in the response');
    const scores = prediction.intents.map((i) => ({ intent: i.category ?? '', score: i.confidenceScore ?? 0 }));
    const entities: Entity[] = [];
    for (const e of prediction.entities ?? []) {
      if (e.category !== 'need') continue;
      for (const info of e.extraInformation ?? []) {
        if (info.extraInformationKind !== 'ListKey' || !info.key || !isNeedId(info.key)) continue;
        const end = e.offset !== undefined && e.length !== undefined ? e.offset + e.length : undefined;
        entities.push({ type: 'need', value: info.key, text: e.text ?? '', start: e.offset, end });
      }
    }
    return { ...rankIntents(scores, this.minScore), needs: uniqueNeeds(entities.map((e) => e.value), isNeedId), entities };
  }
}
