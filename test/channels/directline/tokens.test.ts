import { DirectLineTokens } from '../../../src/channels/directline/tokens';

const SECRET = 'a-test-secret-that-is-at-least-32-characters-long';

describe('Direct Line tokens', () => {
  let now = Date.UTC(2025, 0, 1, 12);
  const tokens = new DirectLineTokens(SECRET, () => now);

  it('verifies what it issued: kind, conversation, user and expiry', () => {
    const { token, expiresIn, claims } = tokens.issue('conversation', 'conv-1', 'dl_user');
    expect(expiresIn).toBe(1800);
    expect(tokens.verify(token, 'conversation', 'conv-1')).toEqual({ ok: true, claims });
    expect(claims).toEqual({ kind: 'conversation', conversationId: 'conv-1', userId: 'dl_user', expiresAt: now / 1000 + 1800 });
  });

  it('never issues the same token twice', () => {
    expect(tokens.issue('conversation', 'c', 'u').token).not.toBe(tokens.issue('conversation', 'c', 'u').token);
  });

  it('refuses another conversation, the other kind, expiry, tampering and another key', () => {
    const { token } = tokens.issue('conversation', 'conv-1', 'dl_user');
    expect(tokens.verify(token, 'conversation', 'conv-2')).toEqual({ ok: false, reason: 'conversation' });
    expect(tokens.verify(token, 'stream', 'conv-1')).toEqual({ ok: false, reason: 'kind' });

    const [body, signature] = token.split('.');
    const forged = Buffer.from(Buffer.from(body, 'base64url').toString().replace('conv-1', 'conv-2')).toString('base64url');
    expect(tokens.verify(`${forged}.${signature}`, 'conversation', 'conv-2')).toEqual({ ok: false, reason: 'signature' });
    expect(new DirectLineTokens(`${SECRET}-other`).verify(token, 'conversation')).toEqual({ ok: false, reason: 'signature' });

    const stream = tokens.issue('stream', 'conv-1', 'dl_user');
    expect(stream.expiresIn).toBe(120);
    now += 121_000;
    expect(tokens.verify(stream.token, 'stream', 'conv-1')).toEqual({ ok: false, reason: 'expired' });
    expect(tokens.verify(token, 'conversation', 'conv-1').ok).toBe(true);
    now += 1800_000;
    expect(tokens.verify(token, 'conversation', 'conv-1')).toEqual({ ok: false, reason: 'expired' });
  });

  it.each([undefined, '', 'x', 'a.b.c', '.', 'abc.', '.abc', 'x'.repeat(3000), '%%%.%%%'])('refuses the malformed token %p', (token) => {
    expect(tokens.verify(token, 'conversation').ok).toBe(false);
  });
});
