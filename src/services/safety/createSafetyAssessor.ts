/** Builds the safety service: crisis phrase rules and the crisis classifier, from cognitiveModels/. */
import { cognitiveModels, type CognitiveModels } from '../nlu/cognitiveModels';
import { normaliserFor } from '../nlu/text/modelNormaliser';
import { CrisisClassifier } from './CrisisClassifier';
import { CrisisRules } from './CrisisRules';
import { RuleAndClassifierAssessor, type SafetyThresholds } from './RuleAndClassifierAssessor';
import type { SafetyAssessor } from './SafetyAssessor';

export interface SafetyOptions {
  models?: CognitiveModels;
  thresholds?: Partial<SafetyThresholds>;
}

export async function createSafetyAssessor(options: SafetyOptions = {}): Promise<SafetyAssessor> {
  const models = options.models ?? cognitiveModels();
  const normaliser = normaliserFor(models);
  const classifier = CrisisClassifier.create(models, normaliser);
  return new RuleAndClassifierAssessor(normaliser, new CrisisRules(models, normaliser), classifier, options.thresholds);
}
