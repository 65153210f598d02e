/**
 * A floor for the `turn` bench: the echo bot (served the same way, serveBot.ts) plus only the parts every Signpost turn
 * must have, none of the conversation: the safety assessor and the recognizer on the text, and conversation state in
 * the embedded store holding the recent turns (both sides, as Signpost keeps for a link worker), read and written every
 * turn. No dialogs, no content, no logging. Whatever Signpost costs above this is the referral conversation itself.
 * Started as a child process by bench/turn.ts with SIGNPOST_DATA_DIR set; prints "listening <port>".
 */
import { ActivityHandler } from 'botbuilder';
import { loadConfig } from '../../src/config';
import { createRecognizer } from '../../src/services/nlu/createRecognizer';
import { createSafetyAssessor } from '../../src/services/safety/createSafetyAssessor';
import { EmbeddedBotState } from '../../src/storage/embedded/EmbeddedBotState';
import { SnapshotConversationState } from '../../src/storage/shared/snapshotState';
import { serveBot } from './serveBot';

const RECENT_TURNS = 30;

interface Line {
  from: 'patient' | 'bot';
  text: string;
  at: string;
}

async function main(): Promise<void> {
  const dataDir = process.env.SIGNPOST_DATA_DIR;
  if (!dataDir) throw new Error('SIGNPOST_DATA_DIR must be set');
  const [recognizer, safety, storage] = await Promise.all([
    createRecognizer(loadConfig({})),
    createSafetyAssessor(),
    EmbeddedBotState.open(dataDir),
  ]);
  const conversationState = new SnapshotConversationState(storage);
  const recent = conversationState.createProperty<Line[]>('recent');

  class FloorBot extends ActivityHandler {
    constructor() {
      super();
      this.onMessage(async (context, next) => {
        const text = context.activity.text ?? '';
        const [verdict, recognition] = await Promise.all([safety.assess(text), recognizer.recognize(text)]);
        const reply = `You said: ${text} (${recognition.intent}, ${verdict.level})`;
        const lines = await recent.get(context, []);
        const at = new Date().toISOString();
        lines.push({ from: 'patient', text, at }, { from: 'bot', text: reply, at });
        if (lines.length > RECENT_TURNS) lines.splice(0, lines.length - RECENT_TURNS);
        await recent.set(context, lines);
        await context.sendActivity(reply);
        await next();
      });
    }

    override async run(context: Parameters<ActivityHandler['run']>[0]): Promise<void> {
      await super.run(context);
      await conversationState.saveChanges(context, false);
    }
  }

  serveBot(new FloorBot());
}

void main();
