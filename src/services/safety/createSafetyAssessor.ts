/** Builds the safety service: crisis phrase rules and the crisis classifier, from cognitiveModels/. */
import { cognitiveModels, type CognitiveModels } from '../nlu/cognitiveModels';
import type { CacheDir } from '../nlu/modelCache';
import { normaliserFor } from '../nlu/text/modelNormaliser';
import { CrisisClassifier } from './CrisisClassifier';
import { CrisisRules } from './CrisisRules';
import { RuleAndClassifierAssessor, type SafetyThresholds } from './RuleAndClassifierAssessor';
import type { SafetyAssessor } from './SafetyAssessor';

export interface SafetyOptions {
  models?: CognitiveModels;
  thresholds?: Partial<SafetyThresholds>;
  /** Where the crisis classifier's trained model is kept between starts (default: the NLU's cache folder; false: never). */
  cacheDir?: CacheDir;
}

export async function createSafetyAssessor(options: SafetyOptions = {}): Promise<SafetyAssessor> {
  const models = options.models ?? cognitiveModels();
  const normaliser = normaliserFor(models, options.cacheDir);
  const classifier = CrisisClassifier.create(models, normaliser, options.cacheDir);
  return new RuleAndClassifierAssessor(normaliser, new CrisisRules(models, normaliser), classifier, options.thresholds);
}
