/**
 * The carrier keywords every SMS service must honour. On SMS they win over the bot's own commands: "stop" ends all
 * texts, where in web chat it only stops the current question.
 */

export type SmsKeyword = 'optOut' | 'optIn' | 'help';

const KEYWORDS: Record<string, SmsKeyword> = {
  STOP: 'optOut', STOPALL: 'optOut', UNSUBSCRIBE: 'optOut', CANCEL: 'optOut', END: 'optOut', QUIT: 'optOut',
  START: 'optIn', UNSTOP: 'optIn',
  HELP: 'help', INFO: 'help',
};

/** The keyword a whole message is, ignoring case, spaces and trailing punctuation ("Stop." is STOP), if any. */
export function smsKeyword(body: string): { kind: SmsKeyword; keyword: string } | undefined {
  const word = body.trim().replace(/[.!?,;:'"]+$/u, '').replace(/^['"]+/u, '').trim().toUpperCase();
  const kind = KEYWORDS[word];
  return kind ? { kind, keyword: word } : undefined;
}
