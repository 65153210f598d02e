/** The one line `npm start` prints (issue 21: with no console users yet, it says how to add the first). */
import { startLine } from '../src/start';

describe('the start-up line', () => {
  it('says where to go, and with no console users how to add the first one', () => {
    const line = startLine({ base: 'http://localhost:3978', storage: 'embedded', nlu: 'local', consoleUsers: 0 });
    expect(line).toBe('Signpost is running: web chat at http://localhost:3978/ and the link worker console at http://localhost:3978/console (storage: embedded, NLU: local). No one can sign in to the console yet: add the first user with npm run signpost -- console add-user <email>');
  });

  it('says nothing about adding users once there are some', () => {
    expect(startLine({ base: 'https://signpost.example.org', storage: 'mongo', nlu: 'clu', consoleUsers: 2 })).toBe('Signpost is running: web chat at https://signpost.example.org/ and the link worker console at https://signpost.example.org/console (storage: mongo, NLU: clu)');
  });
});
