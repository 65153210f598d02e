/**
 * CachingBotFrameworkAuthentication: through the real CloudAdapter, turns from one service URL share one connector
 * client and one user-token client instead of building new ones every turn; other service URLs get their own; the
 * number kept is bounded; a client that could not be made is tried again.
 */
import { ActivityTypes, CloudAdapter, ConfigurationBotFrameworkAuthentication, TurnContext, type Activity } from 'botbuilder';
import { ClaimsIdentity, ConnectorFactory, type ConnectorClient } from 'botframework-connector';
import { CachingBotFrameworkAuthentication } from '../../src/channels/cachedClients';
import { createCloudAdapter } from '../../src/channels/botFramework';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logging';

function activity(serviceUrl: string): Activity {
  return {
    type: ActivityTypes.Message, channelId: 'emulator', text: 'hi', serviceUrl, deliveryMode: 'expectReplies',
    conversation: { id: 'c1', isGroup: false, conversationType: 'personal', name: '' },
    from: { id: 'u1', name: '' }, recipient: { id: 'bot', name: '' },
  } as Activity;
}

/** The connector and user-token clients a turn was given. */
async function clientsOfTurn(adapter: CloudAdapter, serviceUrl: string): Promise<{ connector: unknown; userToken: unknown }> {
  let seen = { connector: undefined as unknown, userToken: undefined as unknown };
  await adapter.processActivityDirect('', activity(serviceUrl), async (context: TurnContext) => {
    seen = { connector: context.turnState.get(context.adapter.ConnectorClientKey), userToken: context.turnState.get(adapter.UserTokenClientKey) };
    await context.sendActivity('ok');
  });
  return seen;
}

const unauthenticated = () => new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppType: 'MultiTenant' });

describe('connector clients kept between turns', () => {
  it('gives turns from one service URL the same clients, and another URL its own', async () => {
    const adapter = new CloudAdapter(new CachingBotFrameworkAuthentication(unauthenticated()));
    const first = await clientsOfTurn(adapter, 'http://127.0.0.1:3978');
    const second = await clientsOfTurn(adapter, 'http://127.0.0.1:3978');
    const other = await clientsOfTurn(adapter, 'http://127.0.0.1:3979');
    expect(first.connector).toBeDefined();
    expect(first.userToken).toBeDefined();
    expect(second.connector).toBe(first.connector);
    expect(second.userToken).toBe(first.userToken);
    expect(other.connector).not.toBe(first.connector);
  });

  it('builds new clients every turn without it (what botbuilder does), so the test above means something', async () => {
    const adapter = new CloudAdapter(unauthenticated());
    const first = await clientsOfTurn(adapter, 'http://127.0.0.1:3978');
    const second = await clientsOfTurn(adapter, 'http://127.0.0.1:3978');
    expect(second.connector).not.toBe(first.connector);
  });

  it('is what the Bot Framework channel uses', async () => {
    const adapter = createCloudAdapter(loadConfig({ NODE_ENV: 'test' }), createLogger('silent'));
    const first = await clientsOfTurn(adapter, 'http://127.0.0.1:3978');
    expect((await clientsOfTurn(adapter, 'http://127.0.0.1:3978')).connector).toBe(first.connector);
  });

  it('keeps at most the given number, the least recently used going first', async () => {
    const auth = new CachingBotFrameworkAuthentication(unauthenticated(), 2);
    const factory = auth.createConnectorFactory(new ClaimsIdentity([], true));
    const a = await factory.create('http://127.0.0.1:1');
    await factory.create('http://127.0.0.1:2');
    expect(await factory.create('http://127.0.0.1:1')).toBe(a); // a is now the most recent
    await factory.create('http://127.0.0.1:3'); // 2 goes
    expect(auth.connectorClients).toBe(2);
    expect(await factory.create('http://127.0.0.1:1')).toBe(a);
  });

  it('tries again after a client could not be made', async () => {
    let calls = 0;
    class Flaky extends ConnectorFactory {
      async create(): Promise<ConnectorClient> {
        calls += 1;
        if (calls === 1) throw new Error('credentials unavailable');
        return {} as ConnectorClient;
      }
    }
    const inner = unauthenticated();
    inner.createConnectorFactory = () => new Flaky();
    const factory = new CachingBotFrameworkAuthentication(inner).createConnectorFactory(new ClaimsIdentity([], true));
    await expect(factory.create('http://127.0.0.1:1')).rejects.toThrow(/credentials/);
    const made = await factory.create('http://127.0.0.1:1');
    expect(await factory.create('http://127.0.0.1:1')).toBe(made);
    expect(calls).toBe(2);
  });
});
