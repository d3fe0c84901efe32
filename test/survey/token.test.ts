import { describe, expect, it } from 'vitest';
import { presenceToken, signFormToken, verifyFormToken, verifyPresenceToken } from '../../src/survey/token.ts';

const secret = 'test-secret-'.padEnd(40, 'x');
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Every token that differs from the given one in its last character only. */
function lastCharVariants(token: string): string[] {
  return [...BASE64URL].filter((c) => c !== token.at(-1)).map((c) => token.slice(0, -1) + c);
}

describe('signed tokens', () => {
  it('refuse a form token whose signature differs in its last character, spare bits included', () => {
    const token = signFormToken(secret, { s: crypto.randomUUID(), l: 'abc', t: Date.now(), tr: 'open' });
    expect(verifyFormToken(secret, token)?.l).toBe('abc');
    for (const variant of lastCharVariants(token)) expect(verifyFormToken(secret, variant)).toBeUndefined();
  });

  it('refuse a presence token whose signature differs in its last character', () => {
    const token = presenceToken(secret, 'abc');
    expect(verifyPresenceToken(secret, 'abc', token)).toBe(true);
    for (const variant of lastCharVariants(token)) expect(verifyPresenceToken(secret, 'abc', variant)).toBe(false);
  });
});
