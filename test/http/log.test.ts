// The server's one log format.
import { describe, expect, it } from 'vitest';
import { loggedPath, logLine } from '../../src/http/log.ts';

describe('a log line', () => {
  it('is one JSON object with time, level and msg first, which no field overwrites', () => {
    const line = logLine('info', 'request', { time: 'forged', level: 'error', msg: 'forged', status: 200, left: undefined });
    expect(line).not.toContain('\n');
    expect(Object.keys(JSON.parse(line))).toEqual(['time', 'level', 'msg', 'status']);
    expect(JSON.parse(line)).toMatchObject({ level: 'info', msg: 'request', status: 200, time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect(JSON.parse(logLine('warn', 'two\nlines "quoted"'))).toMatchObject({ msg: 'two\nlines "quoted"' });
  });

  it('names a path without its query string or an invitation token', () => {
    expect(loggedPath('/k/abc?key=secret')).toBe('/k/abc');
    expect(loggedPath('/i/tok3n/x#frag')).toBe('/i/-/x');
    expect(loggedPath('/p/kab')).toBe('/p/kab');
  });
});
