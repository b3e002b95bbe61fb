import { describe, expect, it } from 'vitest';
import { movesToAnotherServer, serverOf } from './server';

describe('movesToAnotherServer', () => {
  const current = 'https://api-na.myconnectwise.net/v4_6_release/apis/3.0';
  it.each([
    ['another host', 'https://api-eu.myconnectwise.net/v4_6_release/apis/3.0', true],
    ['another scheme', 'http://api-na.myconnectwise.net/v4_6_release/apis/3.0', true],
    ['another port', 'https://api-na.myconnectwise.net:8443/v4_6_release/apis/3.0', true],
    ['another path only', 'https://api-na.myconnectwise.net/v2025_1/apis/3.0', false],
    ['the default port spelled out', 'https://api-na.myconnectwise.net:443/v4_6_release/apis/3.0', false],
    ['the host in capitals', 'https://API-NA.MyConnectWise.net/v4_6_release/apis/3.0', false],
    ['surrounding spaces', '  https://api-na.myconnectwise.net/x  ', false],
    ['a value being typed', 'https://', false],
    ['an empty field', '', false],
  ])('%s', (_name, next, moves) => {
    expect(movesToAnotherServer(current, next)).toBe(moves);
  });

  it('takes any complete URL as a move away from an unparsable one', () => {
    expect(movesToAnotherServer('not a url', 'https://api.pax8.com')).toBe(true);
  });

  it('names the server without path or default port', () => {
    expect(serverOf('HTTPS://Api.Pax8.com:443/v1/')).toBe('https://api.pax8.com');
    expect(serverOf('http://127.0.0.1:8081/v1')).toBe('http://127.0.0.1:8081');
  });
});
