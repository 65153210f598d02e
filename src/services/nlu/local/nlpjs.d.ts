/** The small part of NLP.js (@nlpjs/core, @nlpjs/nlp, @nlpjs/lang-en) that Signpost uses. The packages ship no types. */
declare module '@nlpjs/core' {
  export interface Container {
    use(plugin: unknown): void;
    get(name: 'nlp'): import('@nlpjs/nlp').NlpInstance;
    get(name: string): unknown;
  }
  export function containerBootstrap(settings?: Record<string, unknown>): Container;
}

declare module '@nlpjs/nlp' {
  export interface Classification {
    intent: string;
    score: number;
  }
  export interface NluResult {
    intent: string;
    score: number;
    classifications: Classification[];
  }
  export interface NlpInstance {
    settings: { autoSave: boolean; autoLoad?: boolean; [key: string]: unknown };
    nluManager: { settings: { log?: boolean; [key: string]: unknown }; domainManagers?: Record<string, unknown> };
    addLanguage(locale: string | string[]): void;
    addDocument(locale: string, utterance: string, intent: string): void;
    train(): Promise<unknown>;
    classify(locale: string, utterance: string): Promise<NluResult>;
    export(minified?: boolean): string;
    import(data: string): void;
  }
  export const Nlp: unknown;
}

declare module '@nlpjs/lang-en' {
  export const LangEn: unknown;
  export class StemmerEn {
    stemWord(word: string): string;
  }
}
