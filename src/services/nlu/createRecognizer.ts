/** Chooses the recognizer from configuration: NLU=local (default), luis or clu. */
import type { Config } from '../../config';
import { cognitiveModels, type CognitiveModels } from './cognitiveModels';
import { CluRecognizer } from './clu/CluRecognizer';
import { LocalRecognizer } from './local/LocalRecognizer';
import type { ClassifierOptions } from './local/NlpjsClassifier';
import { LuisRecognizer } from './luis/LuisRecognizer';
import type { Recognizer } from './Recognizer';

export interface RecognizerOptions extends ClassifierOptions {
  /** Another model (tests); the project's cognitiveModels/ by default. */
  models?: CognitiveModels;
}

export async function createRecognizer(config: Pick<Config, 'nlu'>, options: RecognizerOptions = {}): Promise<Recognizer> {
  const { nlu } = config;
  switch (nlu.kind) {
    case 'local':
      return LocalRecognizer.create(options.models ?? cognitiveModels(), nlu.minScore, options);
    case 'luis':
      if (!nlu.luis) throw new Error('NLU=luis needs LUIS_ENDPOINT, LUIS_APP_ID and LUIS_API_KEY.');
      return new LuisRecognizer(nlu.luis, nlu.minScore);
    case 'clu':
      if (!nlu.clu) throw new Error('NLU=clu needs CLU_ENDPOINT and CLU_API_KEY.');
      return new CluRecognizer(nlu.clu, nlu.minScore);
  }
}
