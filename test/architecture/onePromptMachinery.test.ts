/**
 * One way to ask (issue 22 item 3): every question a dialog asks goes through the answer prompt (src/dialogs/prompts:
 * AnswerPrompt and the questions in questions.ts), which owns the re-prompt wording, the count of tries and what
 * happens when they run out. No dialog registers botbuilder's own prompts (TextPrompt, ChoicePrompt and the rest), with
 * validators and tries of their own.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { sourceFiles } from './sourceFiles';
import { Dialog, type DialogSet } from 'botbuilder-dialogs';
import { SignpostDialog } from '../../src/dialogs/SignpostDialog';
import { ANSWER_PROMPT, AnswerPrompt } from '../../src/dialogs/prompts/AnswerPrompt';
import { bundledGeography } from '../../src/services/geography/Geography';
import type { DirectoryRepository } from '../../src/services/directory/DirectoryService';

const DIALOGS = join(__dirname, '../../src/dialogs');

const BOTBUILDER_PROMPTS = /\b(TextPrompt|ChoicePrompt|ConfirmPrompt|NumberPrompt|DateTimePrompt|AttachmentPrompt|OAuthPrompt|ActivityPrompt|PromptValidatorContext)\b/;

export function botbuilderPrompts(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  return code.split('\n').filter((line) => BOTBUILDER_PROMPTS.test(line));
}

describe('one way to ask', () => {
  it('recognises botbuilder prompts in code (so the next test can fail), not in comments', () => {
    expect(botbuilderPrompts("import { ComponentDialog, TextPrompt } from 'botbuilder-dialogs';")).toHaveLength(1);
    expect(botbuilderPrompts('this.addDialog(new ChoicePrompt(CHOICE));')).toHaveLength(1);
    expect(botbuilderPrompts('private async validate(prompt: PromptValidatorContext<string>) {}')).toHaveLength(1);
    expect(botbuilderPrompts('/** Not a TextPrompt: the answer prompt. */')).toEqual([]);
  });

  it('no file in src/dialogs uses botbuilder prompts or their validators', () => {
    const found = sourceFiles(DIALOGS).flatMap((path) => botbuilderPrompts(readFileSync(path, 'utf8')).map((line) => `${relative(DIALOGS, path)}: ${line.trim()}`));
    expect(found).toEqual([]);
  });

  it('the services menu registers the answer prompt and no other prompt', () => {
    const directory = {} as DirectoryRepository;
    const dialog = new SignpostDialog({ directory, geography: bundledGeography(), textMessages: { send: async () => 'sent' } });
    const dialogs = (dialog as unknown as { dialogs: DialogSet }).dialogs.getDialogs();
    const prompts = dialogs.filter((d: Dialog) => d instanceof AnswerPrompt || /Prompt$/.test(d.constructor.name));
    expect(prompts.map((d) => d.id)).toEqual([ANSWER_PROMPT]);
  });
});
