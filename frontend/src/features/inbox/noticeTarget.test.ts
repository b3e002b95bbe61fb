import { describe, expect, it } from 'vitest';
import type { Notice } from '@/api/inboxTypes';
import { noticeTarget } from './noticeTarget';

const notice = (n: Partial<Notice>) => ({ target: '', ...n }) as Notice;

describe('noticeTarget', () => {
  it.each([
    [{ target: 'settings' }, 'settings', 'Review the plan in Settings'],
    [{ target: 'ledger' }, 'activity-log', 'Open the Activity Log'],
    [{ target: 'cards', card_state: 'reconcile' }, 'reconcile', 'Open the cards'],
    [{ target: 'mapping' }, 'mapping', 'Open Mapping'],
  ] as const)('%o opens %s', (n, page, label) => {
    expect(noticeTarget(notice(n))).toMatchObject({ page, label });
  });

  it("opens Settings at the vendor whose dry run waits", () => {
    expect(noticeTarget(notice({ target: 'settings', integration: 'Microsoft' }))).toMatchObject({
      page: 'settings',
      opts: { integrationName: 'Microsoft' },
    });
  });

  it('points nowhere for a notice without a target or a run log without its run', () => {
    expect(noticeTarget(notice({}))).toBeNull();
    expect(noticeTarget(notice({ target: 'run' }))).toBeNull();
  });
});
