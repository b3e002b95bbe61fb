import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { toDateInput } from '@/lib/time';
import { useSyncEvents } from '@/api';
import { api, emitSyncChanged } from '@/test/fakeApi';
import { makeIntegration, makeRow, makeRun, makeSnapshot } from '@/test/fixtures';
import { renderWithProviders } from '@/test/render';
import { SyncStatusPage } from './SyncStatusPage';

vi.mock('@/api/client', () => import('@/test/fakeApi'));

const cw = makeIntegration({ id: 1, name: 'ConnectWise', role: 'psa' });
const pax8 = makeIntegration({ id: 2, name: 'Pax8', kind: 'pax8', kind_label: 'Pax8', role: 'vendor' });

function withStatus(...rows: ReturnType<typeof makeRow>[]) {
  vi.mocked(api.sync.status).mockResolvedValue(
    makeSnapshot({ integrations: rows, recent: rows.flatMap((r) => (r.latest_run ? [r.latest_run] : [])) }),
  );
}

function SyncEventsProbe() {
  useSyncEvents();
  return null;
}

async function row(name: string) {
  const rows = await screen.findAllByTestId('integration-row');
  const found = rows.find((r) => r.getAttribute('data-name') === name);
  if (!found) throw new Error(`no row ${name}`);
  return within(found);
}

describe('Sync Status Overview', () => {
  it('shows "Never synced" for an integration without runs', async () => {
    withStatus(makeRow({ integration: cw }));
    renderWithProviders(<SyncStatusPage />);
    const r = await row('ConnectWise');
    expect(r.getByText('Never synced')).toBeInTheDocument();
    expect(r.getByText('Not synced yet')).toBeInTheDocument();
    expect(r.getByText('ConnectWise Manage')).toBeInTheDocument();
    expect(r.getByText('PSA')).toBeInTheDocument();
    expect(r.queryByRole('button', { name: 'Retry' })).not.toBeInTheDocument();
  });

  it('says why pushes wait with no sync running', async () => {
    const at = makeIntegration({ id: 3, name: 'Autotask', kind: 'autotask', kind_label: 'Autotask PSA', role: 'psa' });
    withStatus(makeRow({ integration: at, push_note: 'Autotask API usage 93%: pushes wait until it is under 75%' }), makeRow({ integration: pax8 }));
    renderWithProviders(<SyncStatusPage />);
    const r = await row('Autotask');
    expect(r.getByTestId('push-note')).toHaveTextContent('Autotask API usage 93%: pushes wait until it is under 75%');
    expect((await row('Pax8')).queryByTestId('push-note')).not.toBeInTheDocument();
  });
  it("warns on the row when a Microsoft sign-in is about to expire, and not on the others", async () => {
    const ms = makeIntegration({ id: 3, name: 'Microsoft', kind: 'microsoft', kind_label: 'Microsoft Partner Center', role: 'vendor' });
    const warning =
      'Microsoft Partner Center sign-in expires on 2 Mar 2027 10:00: run a sync or `trueup credentials test --integration "Microsoft"` before then';
    withStatus(
      makeRow({ integration: ms, sign_in_expires_at: '2027-03-02T09:00:00Z', sign_in_warning: warning }),
      makeRow({ integration: pax8, sign_in_expires_at: '' }),
    );
    renderWithProviders(<SyncStatusPage />);
    expect((await row('Microsoft')).getByTestId('sign-in-warning')).toHaveTextContent(warning);
    expect((await row('Pax8')).queryByTestId('sign-in-warning')).not.toBeInTheDocument();
  });
  it("shows the schedule's next run in local time beside 07:00 UTC, and nothing when it is off", async () => {
    withStatus(
      makeRow({ integration: cw, next_run_at: '2026-12-08T07:00:00Z', next_run_label: 'Tue 8 Dec 08:00 (07:00 UTC)' }),
      makeRow({ integration: pax8 }),
    );
    renderWithProviders(<SyncStatusPage />);
    expect((await row('ConnectWise')).getByTestId('next-run')).toHaveTextContent('Next: Tue 8 Dec 08:00 (07:00 UTC)');
    expect((await row('Pax8')).queryByTestId('next-run')).not.toBeInTheDocument();
  });

  it('shows why the scheduler ran a finished run', async () => {
    withStatus(
      makeRow({
        integration: pax8,
        latest_run: makeRun({ id: 7, integration_id: 2, status: 'succeeded', note: 'missed Tuesday 07:00 UTC: ran at launch' }),
      }),
    );
    renderWithProviders(<SyncStatusPage />);
    expect((await row('Pax8')).getByTestId('run-note')).toHaveTextContent('Missed Tuesday 07:00 UTC: ran at launch');
  });

  it('shows last fetched, newest data at source and the nothing-new note', async () => {
    const fetched = new Date(Date.now() - 5 * 60_000).toISOString();
    const newest = new Date(Date.now() - 3 * 24 * 3600_000).toISOString();
    withStatus(
      makeRow({
        integration: pax8,
        last_fetched_at: fetched,
        newest_source_at: newest,
        latest_run: makeRun({ id: 7, integration_id: 2, integration_name: 'Pax8', nothing_new: true, added: 0, updated: 0 }),
        counts: { accounts: 4, agreements: 0, service_lines: 0, subscriptions: 12 },
      }),
    );
    const { user } = renderWithProviders(<SyncStatusPage />);
    const r = await row('Pax8');
    const lastFetched = r.getByText('5 minutes ago');
    await user.hover(lastFetched);
    // The exact time is in a styled tooltip (not a native title that outlives dialogs).
    expect(await screen.findByRole('tooltip')).toHaveTextContent(/\d{4}/);
    expect(lastFetched.closest('time')).not.toHaveAttribute('title');
    expect(r.getByText('3 days ago')).toBeInTheDocument();
    expect(r.getByText('Nothing new since the last sync')).toBeInTheDocument();
    expect(r.getByRole('list', { name: '4 accounts · 12 subscriptions' })).toHaveTextContent('4 accounts12 subscriptions');
    expect(r.getByText('0 added · 0 updated · 0 removed')).toBeInTheDocument();
    expect(r.getByTestId('status-icon')).toHaveAttribute('data-status', 'succeeded');
  });

  it('shows progress and section text for a running sync, and offers Cancel', async () => {
    const run = makeRun({ id: 8, status: 'running', section: 'Reading additions', progress_done: 120, progress_total: 300, percent: 40, finished_at: '' });
    withStatus(makeRow({ integration: cw, latest_run: run, busy: true }));
    const { user } = renderWithProviders(<SyncStatusPage />);
    const r = await row('ConnectWise');
    expect(r.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '40');
    expect(r.getByText('40%')).toBeInTheDocument();
    expect(r.getByText('Reading additions 120/300')).toBeInTheDocument();
    expect(r.getByRole('button', { name: /QuickSync/ })).toBeDisabled();
    await user.click(r.getByRole('button', { name: 'Cancel' }));
    expect(api.sync.cancel).toHaveBeenCalledWith(8);
  });

  it('shows one bar for the whole run: a new section does not restart it', async () => {
    // Additions just started (10 of 300) but the run is 64% through, sections weighted.
    const run = makeRun({ id: 8, status: 'running', section: 'additions', progress_done: 10, progress_total: 300, percent: 64, finished_at: '' });
    withStatus(makeRow({ integration: cw, latest_run: run, busy: true }));
    renderWithProviders(<SyncStatusPage />);
    const r = await row('ConnectWise');
    expect(r.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '64');
    expect(r.getByText('64%')).toBeInTheDocument();
    expect(r.getByText('Additions 10/300')).toBeInTheDocument();
  });

  it("shows what a running sync says about its pace (Autotask's request budget)", async () => {
    const run = makeRun({ id: 8, status: 'running', section: 'companies', percent: 20, finished_at: '', note: 'Autotask API usage at 91%: paused until it is under 75%' });
    withStatus(makeRow({ integration: cw, latest_run: run, busy: true }));
    renderWithProviders(<SyncStatusPage />);
    const r = await row('ConnectWise');
    expect(r.getByText('Autotask API usage at 91%: paused until it is under 75%')).toBeInTheDocument();
  });

  it('counts the requests of a running sync as it goes', async () => {
    const run = makeRun({ id: 8, status: 'running', section: 'additions', requests: 4, percent: 30, finished_at: '' });
    vi.mocked(api.sync.status).mockResolvedValue(
      makeSnapshot({ seq: 1, integrations: [makeRow({ integration: cw, latest_run: run, busy: true })], recent: [run] }),
    );
    renderWithProviders(<><SyncEventsProbe /><SyncStatusPage /></>);
    const activity = (await screen.findAllByTestId('activity-row'))[0]!;
    expect(within(activity).getByTestId('requests')).toHaveTextContent('4');
    await waitFor(() => expect(api.events.onSyncChanged).toHaveBeenCalled());
    emitSyncChanged({ seq: 2, run: { ...run, requests: 57, percent: 41 } });
    await waitFor(() => expect(within(activity).getByTestId('requests')).toHaveTextContent('57'));
    expect(api.sync.status).toHaveBeenCalledTimes(1);
  });

  it('shows why a queued run waits', async () => {
    const run = makeRun({ id: 9, integration_id: 2, status: 'queued', waiting: 'waiting for ConnectWise to finish', started_at: '', finished_at: '' });
    withStatus(makeRow({ integration: pax8, latest_run: run, busy: true }));
    renderWithProviders(<SyncStatusPage />);
    const r = await row('Pax8');
    expect(r.getByText('Waiting for ConnectWise to finish')).toBeInTheDocument();
    expect(r.getByTestId('status-icon')).toHaveAttribute('data-status', 'queued');
  });

  it('flags a stuck run and retries it with its run id', async () => {
    const run = makeRun({ id: 21, status: 'queued', stuck: true, stuck_reason: 'queued for more than 2 minutes', started_at: '', finished_at: '' });
    withStatus(makeRow({ integration: cw, latest_run: run, busy: true }));
    const { user } = renderWithProviders(<SyncStatusPage />);
    const r = await row('ConnectWise');
    expect(r.getByText('Stuck')).toBeInTheDocument();
    expect(r.getByText('Queued for more than 2 minutes')).toBeInTheDocument();
    expect(r.getByRole('button', { name: 'Cancel' })).toBeInTheDocument();
    await user.click(r.getByRole('button', { name: 'Retry' }));
    expect(api.sync.retry).toHaveBeenCalledWith(21);
  });

  it('offers Retry for a cancelled run like for a failed one', async () => {
    const run = makeRun({ id: 12, status: 'cancelled', error: 'Cancelled. Nothing from this run was stored' });
    withStatus(makeRow({ integration: cw, latest_run: run }));
    const { user } = renderWithProviders(<SyncStatusPage />);
    await user.click((await row('ConnectWise')).getByRole('button', { name: 'Retry' }));
    expect(api.sync.retry).toHaveBeenCalledWith(12);
  });

  it('offers Retry for failed and partial runs but not for succeeded ones', async () => {
    withStatus(
      makeRow({ integration: cw, latest_run: makeRun({ id: 1, status: 'failed', error: 'API user is inactive' }) }),
      makeRow({ integration: pax8, latest_run: makeRun({ id: 2, integration_id: 2, status: 'succeeded' }) }),
    );
    renderWithProviders(<SyncStatusPage />);
    expect((await row('ConnectWise')).getByRole('button', { name: 'Retry' })).toBeInTheDocument();
    expect((await row('ConnectWise')).getAllByText('API user is inactive').length).toBeGreaterThan(0);
    expect((await row('Pax8')).queryByRole('button', { name: 'Retry' })).not.toBeInTheDocument();
    expect((await row('Pax8')).getByText('3 added · 1 updated · 0 removed')).toBeInTheDocument();
  });
});

describe('Sync actions', () => {
  it('Quick Sync All runs SyncAll("all", "quick")', async () => {
    withStatus(makeRow({ integration: cw }));
    const { user } = renderWithProviders(<SyncStatusPage />);
    await row('ConnectWise');
    await user.click(screen.getByRole('button', { name: 'Quick Sync All' }));
    expect(api.sync.syncAll).toHaveBeenCalledWith('all', 'quick');
  });

  it('a row QuickSync starts that integration in quick mode', async () => {
    withStatus(makeRow({ integration: cw }), makeRow({ integration: pax8 }));
    const { user } = renderWithProviders(<SyncStatusPage />);
    await user.click((await row('Pax8')).getByRole('button', { name: /QuickSync/ }));
    expect(api.sync.start).toHaveBeenCalledWith({ integration_ids: [2], mode: 'quick', since: '' });
  });

  it('Full Sync asks for confirmation before starting a full run', async () => {
    withStatus(makeRow({ integration: cw }));
    const { user } = renderWithProviders(<SyncStatusPage />);
    await user.click((await row('ConnectWise')).getByRole('button', { name: 'More syncs of ConnectWise' }));
    await user.click(await screen.findByRole('menuitem', { name: /Full Sync/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Full Sync ConnectWise?' });
    expect(dialog).toHaveTextContent('minutes to tens of minutes');
    expect(dialog).toHaveTextContent('more API calls');
    expect(dialog).toHaveTextContent('stays readable until the new copy is complete');
    expect(api.sync.start).not.toHaveBeenCalled();
    await user.click(within(dialog).getByRole('button', { name: 'Start Full Sync' }));
    expect(api.sync.start).toHaveBeenCalledWith({ integration_ids: [1], mode: 'full', since: '' });
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it('cancelling the Full Sync confirmation starts nothing', async () => {
    withStatus(makeRow({ integration: cw }));
    const { user } = renderWithProviders(<SyncStatusPage />);
    await user.click((await row('ConnectWise')).getByRole('button', { name: 'More syncs of ConnectWise' }));
    await user.click(await screen.findByRole('menuitem', { name: /Full Sync/ }));
    await screen.findByRole('dialog');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(api.sync.start).not.toHaveBeenCalled();
  });

  it('Sync from date defaults to default_since and sends mode since with the date', async () => {
    withStatus(makeRow({ integration: cw, default_since: '2026-02-15' }));
    const { user } = renderWithProviders(<SyncStatusPage />);
    await user.click((await row('ConnectWise')).getByRole('button', { name: 'More syncs of ConnectWise' }));
    await user.click(await screen.findByRole('menuitem', { name: /Sync from date/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Sync from date' });
    const input = within(dialog).getByLabelText(/Sync from/);
    expect(input).toHaveValue('2026-02-15');
    expect(input).toHaveAttribute('max', toDateInput(new Date()));
    await user.click(within(dialog).getByRole('button', { name: 'Start sync' }));
    expect(api.sync.start).toHaveBeenCalledWith({ integration_ids: [1], mode: 'since', since: '2026-02-15' });
  });

  it('shows a backend error inside the Sync from date dialog', async () => {
    withStatus(makeRow({ integration: cw, default_since: '2026-02-15' }));
    vi.mocked(api.sync.start).mockRejectedValue(new Error('since is before the integration existed'));
    const { user } = renderWithProviders(<SyncStatusPage />);
    await user.click((await row('ConnectWise')).getByRole('button', { name: 'More syncs of ConnectWise' }));
    await user.click(await screen.findByRole('menuitem', { name: /Sync from date/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Sync from date' });
    await user.click(within(dialog).getByRole('button', { name: 'Start sync' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'Could not start the sync: since is before the integration existed',
    );
  });

  it('selected rows can be synced together from the mode menu', async () => {
    withStatus(makeRow({ integration: cw }), makeRow({ integration: pax8 }));
    const { user } = renderWithProviders(<SyncStatusPage />);
    await row('ConnectWise');
    expect(screen.queryByRole('button', { name: /Sync selected/ })).not.toBeInTheDocument();
    await user.click(screen.getByRole('checkbox', { name: 'Select ConnectWise' }));
    await user.click(screen.getByRole('checkbox', { name: 'Select Pax8' }));
    await user.click(screen.getByRole('button', { name: 'Sync selected (2)' }));
    await user.click(screen.getByRole('menuitem', { name: /QuickSync/ }));
    expect(api.sync.start).toHaveBeenCalledWith({ integration_ids: [1, 2], mode: 'quick', since: '' });
  });

  it('reports a failed start as a notice with the backend message', async () => {
    withStatus(makeRow({ integration: cw }));
    vi.mocked(api.sync.syncAll).mockRejectedValue(new Error('the workspace is not open yet'));
    const { user } = renderWithProviders(<SyncStatusPage />);
    await row('ConnectWise');
    await user.click(screen.getByRole('button', { name: 'Quick Sync All' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Could not start the sync: the workspace is not open yet',
    );
  });
});

describe('Sync Activities', () => {
  it('lists at most 10 runs with mode, result and requests', async () => {
    const recent = Array.from({ length: 12 }, (_, i) =>
      makeRun({ id: 100 + i, mode: i === 0 ? 'since' : 'quick', since: i === 0 ? '2026-02-01' : '', requests: 7 }),
    );
    recent[1] = makeRun({ id: 101, status: 'failed', error: 'API user is inactive: reset its secret', requests: 1 });
    vi.mocked(api.sync.status).mockResolvedValue(makeSnapshot({ integrations: [makeRow({ integration: cw })], recent }));
    renderWithProviders(<SyncStatusPage />);
    const rows = await screen.findAllByTestId('activity-row');
    expect(rows).toHaveLength(10);
    expect(rows[0]).toHaveTextContent(/From .*2026/);
    expect(rows[0]).toHaveTextContent('3 added · 1 updated · 0 removed');
    expect(rows[1]).toHaveTextContent('API user is inactive: reset its secret');
    expect(within(rows[1]!).getByTestId('status-icon')).toHaveAttribute('data-status', 'failed');
  });

  it('opens the run log from an activity icon', async () => {
    const run = makeRun({ id: 55, status: 'partial', sections: [{ name: 'contacts', status: 'failed', error: '403 Forbidden' }] });
    vi.mocked(api.sync.status).mockResolvedValue(makeSnapshot({ integrations: [makeRow({ integration: cw, latest_run: run })], recent: [run] }));
    vi.mocked(api.sync.run).mockResolvedValue(run);
    const { user } = renderWithProviders(<SyncStatusPage />);
    const rows = await screen.findAllByTestId('activity-row');
    await user.click(within(rows[0]!).getByTestId('status-icon'));
    const log = await screen.findByTestId('run-log');
    expect(log).toHaveTextContent('403 Forbidden');
    expect(api.sync.logPage).toHaveBeenCalledWith(55, 0, expect.any(Number));
  });

  it('opens the run log from anywhere on an activity row, and with Enter', async () => {
    const run = makeRun({ id: 56, status: 'succeeded' });
    vi.mocked(api.sync.status).mockResolvedValue(makeSnapshot({ integrations: [makeRow({ integration: cw, latest_run: run })], recent: [run] }));
    const { user } = renderWithProviders(<SyncStatusPage />);
    const activity = (await screen.findAllByTestId('activity-row'))[0]!;
    await user.click(within(activity).getByText('3 added · 1 updated · 0 removed'));
    expect(screen.getByTestId('run-log')).toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('run-log')).not.toBeInTheDocument();
    activity.focus();
    await user.keyboard('{Enter}');
    expect(screen.getByTestId('run-log')).toBeInTheDocument();
  });
});
