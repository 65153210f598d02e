import { ExpectRepliesClient } from '../helpers/botClient';
import { startTestApp } from '../helpers/testApp';
it('walks', async () => {
  const t = await startTestApp();
  try {
    const c = new ExpectRepliesClient(t.baseUrl);
    const out: string[] = [];
    out.push('JOIN', ...(await c.join()));
    for (const m of ['just show me services', 'food', 'yes', 'S6 2AB', 'text me these', '07911 123456', 'text me these', '07911 123457']) out.push('> ' + m, ...(await c.say(m)));
    console.log(out.join('\n'));
  } finally { await t.close(); }
});
