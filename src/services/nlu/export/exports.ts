/**
 * cognitiveModels/ as a LUIS app (import into a LUIS-compatible authoring service) and as an Azure AI Language CLU
 * project (conversational language understanding): the same intents, utterances and needs list entity, so the model
 * deployed to Azure is the one tested here.
 */
import type { CognitiveModels } from '../cognitiveModels';
import { NEED_ENTITY } from '../luis/LuisRecognizer';
import { intentExamples, needPhrases } from '../trainingExamples';

const DESCRIPTION = 'Signpost: self-referral for social prescribing. Generated from cognitiveModels/ by `signpost nlu export`; edit the source, not this file.';

function needValues(need: CognitiveModels['needs'][number]): string[] {
  return [...new Set([need.label.toLowerCase(), ...needPhrases(need)])];
}

export function toLuisApp(models: CognitiveModels, name = 'signpost', versionId = '0.1') {
  return {
    luis_schema_version: '7.0.0',
    versionId,
    name,
    desc: DESCRIPTION,
    culture: models.locale.toLowerCase(),
    tokenizerVersion: '1.0.0',
    intents: models.intents.map((i) => ({ name: i.id, features: [] })),
    entities: [],
    hierarchicals: [],
    composites: [],
    closedLists: [{
      name: NEED_ENTITY,
      subLists: models.needs.map((n) => ({ canonicalForm: n.id, list: needValues(n) })),
      roles: [],
    }],
    prebuiltEntities: [],
    patternAnyEntities: [],
    regex_entities: [],
    phraselists: [],
    regex_features: [],
    patterns: [],
    utterances: Object.entries(intentExamples(models)).flatMap(([intent, texts]) => texts.map((text) => ({ text, intent, entities: [] }))),
    settings: [],
  };
}

export function toCluProject(models: CognitiveModels, projectName = 'signpost') {
  const language = models.locale.toLowerCase();
  return {
    projectFileVersion: '2023-04-01',
    stringIndexType: 'Utf16CodeUnit',
    metadata: {
      projectKind: 'Conversation',
      settings: { confidenceThreshold: 0 },
      projectName,
      multilingual: false,
      description: DESCRIPTION,
      language,
    },
    assets: {
      projectKind: 'Conversation',
      intents: models.intents.map((i) => ({ category: i.id })),
      entities: [{
        category: NEED_ENTITY,
        compositionSetting: 'combineComponents',
        list: { sublists: models.needs.map((n) => ({ listKey: n.id, synonyms: [{ language, values: needValues(n) }] })) },
      }],
      utterances: Object.entries(intentExamples(models)).flatMap(([intent, texts]) => texts.map((text) => ({ text, language, intent, entities: [], dataset: 'Train' }))),
    },
  };
}
