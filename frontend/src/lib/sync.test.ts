import { describe, expect, it } from 'vitest';
import { makeRun } from '@/test/fixtures';
import {
  cacheSummary,
  countsSummary,
  modeLabel,
  progressPercent,
  progressText,
  runSummary,
  statusLabel,
} from './sync';

describe('modeLabel', () => {
  it.each([
    ['quick', '', 'QuickSync'],
    ['full', '', 'Full Sync'],
    ['since', '2026-02-01', 'From Feb 1, 2026'],
  ])('%s %s → %s', (mode, since, expected) => {
    expect(modeLabel(mode, since, 'en-US')).toBe(expected);
  });
});

describe('summaries', () => {
  it('counts', () => {
    expect(countsSummary({ added: 3, updated: 1, removed: 0 })).toBe('3 added · 1 updated · 0 removed');
  });

  it.each([
    [makeRun({ status: 'succeeded' }), '3 added · 1 updated · 0 removed'],
    [makeRun({ status: 'succeeded', nothing_new: true, added: 0, updated: 0 }), 'Nothing new since the last sync'],
    [makeRun({ status: 'failed', error: 'API user is inactive\nreset its secret' }), 'API user is inactive'],
    [
      makeRun({ status: 'partial', sections: [{ name: 'contacts', status: 'failed', error: 'x' }, { name: 'companies', status: 'ok', error: '' }] }),
      '3 added · 1 updated · 0 removed · 1 section failed',
    ],
    [makeRun({ status: 'queued', waiting: 'waiting for ConnectWise to finish' }), 'Waiting for ConnectWise to finish'],
    [makeRun({ status: 'running', section: 'Reading additions', progress_done: 120, progress_total: 300 }), 'Reading additions 120/300'],
    [makeRun({ status: 'cancelled' }), 'Cancelled'],
  ])('runSummary %#', (run, expected) => {
    expect(runSummary(run)).toBe(expected);
  });

  it('cache summary depends on the role', () => {
    const counts = { accounts: 1, agreements: 2, service_lines: 30, subscriptions: 7 };
    expect(cacheSummary(counts, 'psa')).toBe('1 account · 2 agreements · 30 service lines');
    expect(cacheSummary(counts, 'vendor')).toBe('1 account · 7 subscriptions');
  });
});

describe('progress', () => {
  it("is the whole run's percentage from the backend, else indeterminate", () => {
    expect(progressPercent({ percent: 64 })).toBe(64);
    expect(progressPercent({ percent: -1 })).toBeNull();
    expect(progressText({ section: 'Reading companies', progress_done: 0, progress_total: 0 })).toBe('Reading companies');
  });

  it('labels statuses', () => {
    expect(statusLabel('partial')).toBe('Partly succeeded');
    expect(statusLabel('weird')).toBe('Weird');
  });
});
