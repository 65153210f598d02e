/** Builds the safety service: crisis phrase rules and the crisis classifier, from cognitiveModels/. */
import { cognitiveModels, type CognitiveModels } from '../nlu/cognitiveModels';
import type { ClassifierOptions } from '../nlu/local/NlpjsClassifier';
import { normaliserFor } from '../nlu/text/modelNormaliser';
import { CrisisClassifier } from './CrisisClassifier';
import { CrisisRules } from './CrisisRules';
import { RuleAndClassifierAssessor, type SafetyThresholds } from './RuleAndClassifierAssessor';
import type { SafetyAssessor } from './SafetyAssessor';

export interface SafetyOptions extends ClassifierOptions {
  models?: CognitiveModels;
  thresholds?: SafetyThresholds;
}

export async function createSafetyAssessor(options: SafetyOptions = {}): Promise<SafetyAssessor> {
  const models = options.models ?? cognitiveModels();
  const normaliser = normaliserFor(models);
  const classifier = await CrisisClassifier.create(models, normaliser, options);
  return new RuleAndClassifierAssessor(normaliser, new CrisisRules(models, normaliser), classifier, options.thresholds);
}
