import { describe, expect, it } from 'vitest';
import { DatalabsError } from '../../contracts/errors.ts';
import { parseUserRef, parseWorkspaceCommand } from './parse-command.ts';
import { can, requirePermission } from './roles.ts';

function badInput(command: string, text: string): string {
  try {
    parseWorkspaceCommand(command, text);
  } catch (err) {
    expect(err).toBeInstanceOf(DatalabsError);
    expect((err as DatalabsError).code).toBe('BAD_INPUT');
    expect((err as Error).message).not.toContain('\n');
    return (err as Error).message;
  }
  throw new Error(`/${command} ${text} was accepted`);
}

describe('workspace command parser', () => {
  it('parses every command form', () => {
    expect(parseWorkspaceCommand('datalabs', '')).toEqual({ kind: 'usage' });
    expect(parseWorkspaceCommand('datalabs', 'setup  Sales Team ')).toEqual({ kind: 'setup', name: 'Sales Team' });
    expect(parseWorkspaceCommand('datalabs', 'setup')).toEqual({ kind: 'setup' });
    expect(parseWorkspaceCommand('datalabs', 'setup DL-abcdef-ghijk-lmnop-qrstu-vwxyz Sales')).toEqual({ kind: 'setup', code: 'dl-abcdef-ghijk-lmnop-qrstu-vwxyz', name: 'Sales' });
    expect(parseWorkspaceCommand('datalabs', 'setup dl-abcdef-ghijk-lmnop-qrstu-vwxyz')).toEqual({ kind: 'setup', code: 'dl-abcdef-ghijk-lmnop-qrstu-vwxyz' });
    expect(parseWorkspaceCommand('DataLabs', 'admin bind channel "Team B"')).toEqual({ kind: 'admin', command: { op: 'bind', scope: 'channel', workspace: 'Team B' } });
    expect(parseWorkspaceCommand('datalabs', 'admin grant <@U123|bob> Analyst')).toEqual({ kind: 'admin', command: { op: 'grant', user: { kind: 'user', userId: 'U123' }, role: 'analyst' } });
    expect(parseWorkspaceCommand('datalabs', 'admin revoke telegram:42')).toEqual({ kind: 'admin', command: { op: 'revoke', user: { kind: 'user', platform: 'telegram', userId: '42' } } });
    expect(parseWorkspaceCommand('datalabs', 'admin allow demo.orders')).toEqual({ kind: 'admin', command: { op: 'allow', target: 'demo.orders' } });
    expect(parseWorkspaceCommand('datalabs', 'admin link discord 1234 #3')).toEqual({ kind: 'admin', command: { op: 'link', platform: 'discord', userId: '1234', member: { kind: 'member', memberId: 3 } } });
    expect(parseWorkspaceCommand('datalabs', 'admin retention off')).toEqual({ kind: 'admin', command: { op: 'retention', days: null } });
    expect(parseWorkspaceCommand('datalabs', 'admin audit')).toEqual({ kind: 'admin', command: { op: 'audit', limit: 10 } });
    expect(parseWorkspaceCommand('history', '5')).toEqual({ kind: 'history', limit: 5 });
    expect(parseWorkspaceCommand('rerun', '#17')).toEqual({ kind: 'rerun', id: 17 });
    expect(parseWorkspaceCommand('save', 'Revenue-2025 replace')).toEqual({ kind: 'save', name: 'revenue-2025', replace: true });
    expect(parseWorkspaceCommand('run', 'dau')).toEqual({ kind: 'run', name: 'dau' });
    expect(parseWorkspaceCommand('ask', 'x')).toBeUndefined();
    expect(parseUserRef('<@!99>', 'u')).toEqual({ kind: 'user', userId: '99' });
    expect(parseUserRef('@ann', 'u')).toEqual({ kind: 'name', name: 'ann' });
  });

  it('refuses malformed input with one line and the usage', () => {
    expect(badInput('datalabs', 'admin grant U1')).toBe('missing role; usage: /datalabs admin grant <user> <admin|analyst|viewer>  (user: @mention, user id, platform:id or #member)');
    expect(badInput('datalabs', 'admin grant U1 owner')).toMatch(/^unknown role "owner"; usage:/);
    expect(badInput('datalabs', 'admin grant U1 viewer extra')).toMatch(/^unexpected "extra"/);
    expect(badInput('datalabs', 'admin grant slackk:U1 viewer')).toMatch(/^unknown platform "slackk"/);
    expect(badInput('datalabs', "admin grant '; DROP viewer")).toMatch(/is not a user/);
    expect(badInput('datalabs', 'admin allow system')).toMatch(/^system databases cannot be allowed/);
    expect(badInput('datalabs', 'admin allow a.b.c')).toMatch(/is not a database or database\.table name/);
    expect(badInput('datalabs', 'admin allow `x`')).toMatch(/is not a database/);
    expect(badInput('datalabs', 'admin bind')).toMatch(/^missing workspace; usage: \/datalabs admin bind/);
    expect(badInput('datalabs', 'admin')).toMatch(/^missing admin command; usage:/);
    expect(badInput('datalabs', 'setup <script>')).toMatch(/is not a workspace name/);
    expect(badInput('datalabs', `setup ${'x'.repeat(81)}`)).toMatch(/too long/);
    expect(badInput('history', '0')).toMatch(/from 1 to 50/);
    expect(badInput('rerun', '')).toMatch(/^missing history id/);
    expect(badInput('save', '')).toMatch(/^missing name/);
    expect(badInput('save', 'a b')).toMatch(/^unexpected "b"/);
    expect(badInput('saved', 'x')).toMatch(/^unexpected "x"/);
  });
});

describe('roles', () => {
  it('orders viewer < analyst < admin', () => {
    expect(can('viewer', 'ask')).toBe(true);
    expect(can('viewer', 'run')).toBe(true);
    expect(can('viewer', 'sql')).toBe(false);
    expect(can('analyst', 'sql')).toBe(true);
    expect(can('analyst', 'save')).toBe(true);
    expect(can('analyst', 'admin')).toBe(false);
    expect(can('admin', 'admin')).toBe(true);
    expect(can(null, 'ask')).toBe(false);
    expect(() => requirePermission('analyst', 'admin')).toThrow(/^only admins can use admin commands here \(you are an analyst; ask an admin for an admin role\)$/);
  });
});
