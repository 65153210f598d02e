/** Chooses the recognizer from configuration: NLU=local (default), luis or clu. */
import type { Config } from '../../config';
import { cognitiveModels, type CognitiveModels } from './cognitiveModels';
import { LocalRecognizer } from './local/LocalRecognizer';
import type { ClassifierOptions } from './local/NlpjsClassifier';
import type { Recognizer } from './Recognizer';

export interface RecognizerOptions extends ClassifierOptions {
  /** Another model (tests); the project's cognitiveModels/ by default. */
  models?: CognitiveModels;
}

/**
 * The cloud recognizers' modules are loaded only when configured: the LUIS runtime client brings about 130 modules
 * (its REST stack, an XML parser) that a start with the local recognizer does not need.
 */
const luis = () => require('./luis/LuisRecognizer') as typeof import('./luis/LuisRecognizer');
const clu = () => require('./clu/CluRecognizer') as typeof import('./clu/CluRecognizer');

export async function createRecognizer(config: Pick<Config, 'nlu'>, options: RecognizerOptions = {}): Promise<Recognizer> {
  const { nlu } = config;
  switch (nlu.kind) {
    case 'local':
      return LocalRecognizer.create(options.models ?? cognitiveModels(), nlu.minScore, options);
    case 'luis':
      if (!nlu.luis) throw new Error('NLU=luis needs LUIS_ENDPOINT, LUIS_APP_ID and LUIS_API_KEY.');
      return new (luis().LuisRecognizer)(nlu.luis, nlu.minScore);
    case 'clu':
      if (!nlu.clu) throw new Error('NLU=clu needs CLU_ENDPOINT and CLU_API_KEY.');
      return new (clu().CluRecognizer)(nlu.clu, nlu.minScore);
  }
}
