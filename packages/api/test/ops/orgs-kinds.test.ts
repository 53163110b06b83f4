import { describe, expect, it } from 'vitest';
import { CHILD_KINDS, isChildKindAllowed, nextOrgStatus, effectiveBusinessTypes } from '../../src/index.js';

describe('which kind of org may hang below which', () => {
  it.each([
    ['platform', 'province', true],
    ['platform', 'enterprise', true],
    ['platform', 'city', false],
    ['platform', 'platform', false],
    ['province', 'city', true],
    ['province', 'county', false],
    ['city', 'county', true],
    ['city', 'province', false],
    ['county', 'department', true],
    ['county', 'city', false],
    ['department', 'department', true],
    ['department', 'enterprise', false],
    ['enterprise', 'department', true],
    ['enterprise', 'partner', false],
    ['partner', 'enterprise', true],
    ['partner', 'province', false],
  ] as const)('%s → %s: %s', (parent, child, allowed) => {
    expect(isChildKindAllowed(parent, child)).toBe(allowed);
  });

  it('never allows a second platform, nor a level above its parent', () => {
    const order = ['platform', 'province', 'city', 'county'] as const;
    for (const [parent, children] of Object.entries(CHILD_KINDS)) {
      expect(children, parent).not.toContain('platform');
      const level = order.indexOf(parent as (typeof order)[number]);
      for (const child of children) {
        const childLevel = order.indexOf(child as (typeof order)[number]);
        if (level >= 0 && childLevel >= 0) expect(childLevel, `${parent} → ${child}`).toBe(level + 1);
      }
    }
  });
});

describe('org status changes', () => {
  it.each([
    ['active', 'disable', 'suspended'],
    ['suspended', 'disable', null],
    ['suspended', 'enable', 'active'],
    ['active', 'enable', null],
    ['active', 'close', 'closed'],
    ['suspended', 'close', 'closed'],
    ['closed', 'enable', null],
    ['closed', 'close', null],
    ['pending', 'enable', null],
    ['refused', 'enable', null],
    ['pending', 'disable', null],
  ] as const)('%s + %s → %s', (status, action, next) => {
    expect(nextOrgStatus(status, action)).toBe(next);
  });
});

describe('effective business types', () => {
  const all = ['alarm', 'verification', 'notification', 'marketing'];
  it.each([
    { lists: [], expected: all },
    { lists: [[], [], []], expected: all },
    { lists: [['alarm', 'notification']], expected: ['alarm', 'notification'] },
    { lists: [['alarm', 'notification'], [], ['notification', 'marketing']], expected: ['notification'] },
    { lists: [[], ['verification']], expected: ['verification'] },
    { lists: [['alarm'], ['marketing']], expected: [] },
  ])('$lists → $expected', ({ lists, expected }) => {
    expect(effectiveBusinessTypes(all, lists)).toEqual(expected);
  });
});
