import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { usePushEvents } from '@/api';
import { EMPTY_LEDGER_QUERY } from '@/api/ledgerTypes';
import { api, emitPushChanged } from '@/test/fakeApi';
import { makeIntegration, makeLedgerEntry, makeRevertPreview, makeRevertWrite, makePushResult } from '@/test/fixtures';
import { makePushEntry } from '@/test/trueupFixtures';
import { renderWithProviders } from '@/test/render';
import { ActivityLogPage } from './ActivityLogPage';

vi.mock('@/api/client', () => import('@/test/fakeApi'));

const TODAY = new Date(2026, 2, 4, 12);
// Radix selects and typing take seconds in jsdom on a busy machine: more than the 5 s default.
const SLOW_UI_MS = 20_000;

function PushEventsProbe() {
  usePushEvents();
  return null;
}

/** jsdom's Blob has no text(): read it the way a page without it would. */
function readBlob(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(blob);
  });
}

async function rows() {
  return screen.findAllByTestId('ledger-row');
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('Activity Log', () => {
  it('shows one row per decision and push with who, what, before and after, state and the PSA answer', async () => {
    vi.mocked(api.pushes.ledger).mockResolvedValue([
      makeLedgerEntry({ id: 7, kind: 'push', action: 'push', state: 'pushed', user: 'sam', note: 'Seat count from Pax8', automatic: false }),
      makeLedgerEntry({
        id: 3,
        kind: 'decision',
        action: 'acknowledge',
        state: 'recorded',
        before: '',
        after: '',
        effective_date: '',
        psa_response: '',
        automatic: true,
        user: 'trueup',
        line_id: '',
      }),
    ]);
    renderWithProviders(<ActivityLogPage today={TODAY} />);
    const [push, decision] = await rows();
    const p = within(push!);
    expect(p.getByText('Push')).toBeInTheDocument();
    expect(p.getByText('sam')).toBeInTheDocument();
    expect(p.getByText('Contoso')).toBeInTheDocument();
    expect(p.getByText('Microsoft 365 Business Premium')).toBeInTheDocument();
    expect(p.getByText('Managed Services')).toBeInTheDocument();
    expect(p.getByText('Line 501')).toBeInTheDocument();
    expect(p.getByLabelText('25 to 27')).toBeInTheDocument();
    expect(p.getByText('from Apr 1, 2026')).toBeInTheDocument();
    expect(p.getByTestId('state-badge')).toHaveAttribute('data-state', 'pushed');
    expect(p.getByText('Pushed')).toBeInTheDocument();
    expect(p.getByText('200 OK, addition 501, quantity 27')).toBeInTheDocument();
    expect(p.getByText('“Seat count from Pax8”')).toBeInTheDocument();
    expect(p.queryByText('Automatic')).not.toBeInTheDocument();
    expect(p.getByRole('time')).toBeInTheDocument();

    const d = within(decision!);
    expect(d.getByText('Acknowledged')).toBeInTheDocument();
    expect(d.getByText('Automatic')).toBeInTheDocument();
    expect(d.getByText('Recorded')).toBeInTheDocument();
    expect(screen.getByTestId('ledger-count')).toHaveTextContent('2 entries');
  });

  it('formats a cost push as money', async () => {
    vi.mocked(api.pushes.ledger).mockResolvedValue([
      makeLedgerEntry({ action: 'cost', before: '20', after: '22.5', agreement_name: '', line_id: '' }),
    ]);
    renderWithProviders(<ActivityLogPage today={TODAY} />);
    const [row] = await rows();
    expect(within(row!).getByText('Cost push')).toBeInTheDocument();
    expect(within(row!).getByLabelText('$20.00 to $22.50')).toBeInTheDocument();
  });

  it('asks the backend with the cycle, vendor and state filters', async () => {
    vi.mocked(api.integrations.list).mockResolvedValue([
      makeIntegration({ id: 1, name: 'ConnectWise', role: 'psa' }),
      makeIntegration({ id: 2, name: 'Pax8', kind: 'pax8', role: 'vendor' }),
    ]);
    const { user } = renderWithProviders(<ActivityLogPage today={TODAY} />);
    await waitFor(() => expect(api.pushes.ledger).toHaveBeenLastCalledWith(EMPTY_LEDGER_QUERY));

    await user.click(screen.getByRole('combobox', { name: 'State' }));
    await user.click(await screen.findByRole('option', { name: 'Conflict' }));
    await waitFor(() => expect(api.pushes.ledger).toHaveBeenLastCalledWith(expect.objectContaining({ state: 'conflict' })));

    await user.click(screen.getByRole('combobox', { name: 'Cycle' }));
    await user.click(await screen.findByRole('option', { name: 'February 2026' }));
    await waitFor(() => expect(api.pushes.ledger).toHaveBeenLastCalledWith(expect.objectContaining({ cycle: '2026-02', state: 'conflict' })));

    await user.click(screen.getByRole('combobox', { name: 'Vendor' }));
    // Only vendor integrations are offered.
    expect(screen.queryByRole('option', { name: 'ConnectWise' })).not.toBeInTheDocument();
    await user.click(await screen.findByRole('option', { name: 'Pax8' }));
    await waitFor(() =>
      expect(api.pushes.ledger).toHaveBeenLastCalledWith({ ...EMPTY_LEDGER_QUERY, cycle: '2026-02', vendor: 'Pax8', state: 'conflict' }),
    );
  }, SLOW_UI_MS);

  it('asks the backend with the account and since filters, and clears them', async () => {
    const { user } = renderWithProviders(<ActivityLogPage today={TODAY} />);
    await waitFor(() => expect(api.pushes.ledger).toHaveBeenLastCalledWith(EMPTY_LEDGER_QUERY));
    await user.type(screen.getByRole('searchbox', { name: 'Account' }), 'Contoso');
    await waitFor(() => expect(api.pushes.ledger).toHaveBeenLastCalledWith(expect.objectContaining({ account: 'Contoso' })));

    fireEvent.change(screen.getByLabelText('Since'), { target: { value: '2026-03-02' } });
    await waitFor(() =>
      expect(api.pushes.ledger).toHaveBeenLastCalledWith({ ...EMPTY_LEDGER_QUERY, account: 'Contoso', since: '2026-03-02' }),
    );

    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(api.pushes.ledger).toHaveBeenLastCalledWith(EMPTY_LEDGER_QUERY));
    expect(screen.queryByRole('button', { name: 'Clear filters' })).not.toBeInTheDocument();
  }, SLOW_UI_MS);

  it('exports the filtered log as a dated CSV file', async () => {
    const csv = 'id,at,action\n7,2026-03-04T09:30:00Z,push\n';
    vi.mocked(api.pushes.ledgerCSV).mockResolvedValue(csv);
    let blob: Blob | null = null;
    const createObjectURL = vi.fn((b: Blob) => {
      blob = b;
      return 'blob:trueup/1';
    });
    const revokeObjectURL = vi.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    let clicked: HTMLAnchorElement | null = null;
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked = this;
    });

    const { user } = renderWithProviders(<ActivityLogPage today={TODAY} />);
    await user.click(screen.getByRole('combobox', { name: 'State' }));
    await user.click(await screen.findByRole('option', { name: 'Pushed' }));
    await user.click(screen.getByRole('button', { name: 'Export CSV' }));

    await waitFor(() => expect(clicked).not.toBeNull());
    expect(api.pushes.ledgerCSV).toHaveBeenCalledWith(expect.objectContaining({ state: 'pushed' }));
    expect(clicked!.download).toMatch(/^trueup-activity-log-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(clicked!.href).toBe('blob:trueup/1');
    expect(blob!.type).toBe('text/csv;charset=utf-8');
    expect(await readBlob(blob!)).toBe(csv);
    // The link is gone and the URL released once the click has been handled.
    expect(document.querySelector('a[download]')).toBeNull();
    await waitFor(() => expect(revokeObjectURL).toHaveBeenCalledWith('blob:trueup/1'));
    expect(screen.getByText(/^Exported the activity log as trueup-activity-log-\d{4}-\d{2}-\d{2}\.csv\.$/)).toBeInTheDocument();
  });

  it('says when the export fails', async () => {
    vi.mocked(api.pushes.ledgerCSV).mockRejectedValue(new Error('database is locked'));
    const { user } = renderWithProviders(<ActivityLogPage today={TODAY} />);
    await user.click(screen.getByRole('button', { name: 'Export CSV' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not export the activity log: database is locked');
  });

  it('re-reads the log when a push changes', async () => {
    vi.mocked(api.pushes.ledger).mockResolvedValueOnce([makeLedgerEntry({ id: 7, state: 'queued' })]);
    vi.mocked(api.pushes.ledger).mockResolvedValue([makeLedgerEntry({ id: 7, state: 'pushed' })]);
    renderWithProviders(
      <>
        <PushEventsProbe />
        <ActivityLogPage today={TODAY} />
      </>,
    );
    const [row] = await rows();
    expect(within(row!).getByText('Queued')).toBeInTheDocument();
    emitPushChanged(makePushEntry({ id: 7, state: 'pushed' }));
    await waitFor(() => expect(within(screen.getByTestId('ledger-row')).getByText('Pushed')).toBeInTheDocument());
    expect(api.pushes.ledger).toHaveBeenCalledTimes(2);
  });
});

describe('Pending pushes', () => {
  it('lists the pushes not in the PSA yet with attempts, next attempt and last error, and sends them now', async () => {
    const next = new Date(Date.now() + 3 * 60_000).toISOString();
    vi.mocked(api.pushes.outbox).mockResolvedValue([
      makePushEntry({ id: 1, state: 'queued', preview: 'PATCH addition 501: quantity 25 -> 27', waiting: 'Autotask API usage 93%: pushes wait until it is under 75%' }),
      makePushEntry({ id: 2, state: 'failed', attempts: 2, next_attempt_at: next, last_error: 'ConnectWise did not answer' }),
      makePushEntry({ id: 3, state: 'pushed', preview: 'Already done' }),
    ]);
    const after = [makePushEntry({ id: 1, state: 'pushed' }), makePushEntry({ id: 2, state: 'pushed' })];
    vi.mocked(api.pushes.sendNow).mockImplementation(async () => {
      vi.mocked(api.pushes.outbox).mockResolvedValue(after);
      return after;
    });
    const { user } = renderWithProviders(<ActivityLogPage today={TODAY} />);
    const strip = await screen.findByTestId('pending-pushes');
    const items = within(strip).getAllByTestId('pending-push');
    expect(items).toHaveLength(2);
    expect(within(strip).queryByText('Already done')).not.toBeInTheDocument();
    expect(within(items[0]!).getByText('PATCH addition 501: quantity 25 -> 27')).toBeInTheDocument();
    expect(within(items[0]!).getByText('0 attempts')).toBeInTheDocument();
    expect(within(items[0]!).getByTestId('push-waiting')).toHaveTextContent('Autotask API usage 93%: pushes wait until it is under 75%');
    expect(within(items[1]!).queryByTestId('push-waiting')).not.toBeInTheDocument();
    expect(within(items[1]!).getByText('Failed')).toBeInTheDocument();
    expect(within(items[1]!).getByText('2 attempts')).toBeInTheDocument();
    expect(within(items[1]!).getByText('next attempt in 3 minutes')).toBeInTheDocument();
    expect(within(items[1]!).getByText('ConnectWise did not answer')).toBeInTheDocument();

    await user.click(within(strip).getByRole('button', { name: 'Send now' }));
    expect(api.pushes.sendNow).toHaveBeenCalledTimes(1);
    expect(await screen.findByText('Every push has gone out.')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByTestId('pending-pushes')).not.toBeInTheDocument());
  });

  it('shows nothing when every push has gone out', async () => {
    vi.mocked(api.pushes.outbox).mockResolvedValue([makePushEntry({ state: 'pushed' })]);
    renderWithProviders(<ActivityLogPage today={TODAY} />);
    await screen.findByTestId('ledger-count');
    expect(screen.queryByTestId('pending-pushes')).not.toBeInTheDocument();
  });
});

describe('Revert', () => {
  const revertible = makeLedgerEntry({ id: 9, kind: 'push', state: 'pushed', revertible: true, before: '25', after: '27' });

  it('is offered on revertible pushes only', async () => {
    vi.mocked(api.pushes.ledger).mockResolvedValue([
      revertible,
      makeLedgerEntry({ id: 10, kind: 'push', revertible: false }),
      makeLedgerEntry({ id: 9, kind: 'decision', action: 'approve', revertible: false, state: 'recorded' }),
    ]);
    renderWithProviders(<ActivityLogPage today={TODAY} />);
    const [a, b, c] = await rows();
    expect(within(a!).getByRole('button', { name: 'Revert…' })).toBeInTheDocument();
    expect(within(b!).queryByRole('button', { name: 'Revert…' })).not.toBeInTheDocument();
    expect(within(c!).queryByRole('button', { name: 'Revert…' })).not.toBeInTheDocument();
  });

  it('shows the exact writes and reverts when the PSA still holds the pushed value', async () => {
    vi.mocked(api.pushes.ledger).mockResolvedValue([revertible]);
    vi.mocked(api.pushes.revertPreview).mockResolvedValue(
      makeRevertPreview({ push_id: 9, changed: false, writes: [makeRevertWrite({ body: '[{"op":"replace","path":"quantity","value":25}]' })] }),
    );
    vi.mocked(api.pushes.revert).mockResolvedValue(makePushResult({ message: 'Reverted: ConnectWise holds 25 again.' }));
    const { user } = renderWithProviders(<ActivityLogPage today={TODAY} />);
    const [row] = await rows();
    await user.click(within(row!).getByRole('button', { name: 'Revert…' }));
    const dialog = await screen.findByTestId('revert-dialog');
    expect(api.pushes.revertPreview).toHaveBeenCalledWith(9);
    const write = await within(dialog).findByTestId('planned-write');
    expect(write).toHaveTextContent('PATCH /finance/agreements/77/additions/501');
    expect(write).toHaveTextContent('[{"op":"replace","path":"quantity","value":25}]');
    expect(within(dialog).queryByTestId('revert-changed')).not.toBeInTheDocument();
    expect(within(dialog).queryByRole('checkbox')).not.toBeInTheDocument();

    await user.click(within(dialog).getByRole('button', { name: 'Revert' }));
    expect(api.pushes.revert).toHaveBeenCalledWith(9, false);
    expect(await screen.findByText('Reverted: ConnectWise holds 25 again.')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByTestId('revert-dialog')).not.toBeInTheDocument());
  });

  it('needs the confirmation checkbox when the PSA value changed since the push', async () => {
    vi.mocked(api.pushes.ledger).mockResolvedValue([revertible]);
    vi.mocked(api.pushes.revertPreview).mockResolvedValue(
      makeRevertPreview({ push_id: 9, changed: true, current: '30', message: 'ConnectWise now says 30.' }),
    );
    const { user } = renderWithProviders(<ActivityLogPage today={TODAY} />);
    const [row] = await rows();
    await user.click(within(row!).getByRole('button', { name: 'Revert…' }));
    const dialog = await screen.findByTestId('revert-dialog');
    const warning = await within(dialog).findByTestId('revert-changed');
    expect(warning).toHaveTextContent('The PSA value has changed since this push.');
    expect(warning).toHaveTextContent('It holds 30 now, not the 27 the push wrote');
    expect(warning).toHaveTextContent('ConnectWise now says 30.');

    const revertButton = () => within(dialog).getByRole('button', { name: 'Revert' });
    expect(revertButton()).toBeDisabled();
    await user.click(revertButton());
    expect(api.pushes.revert).not.toHaveBeenCalled();

    const box = within(dialog).getByRole('checkbox', { name: 'Revert anyway and overwrite what the PSA holds now' });
    await user.click(box);
    expect(box).toHaveAttribute('aria-checked', 'true');
    expect(revertButton()).toBeEnabled();
    await user.click(revertButton());
    expect(api.pushes.revert).toHaveBeenCalledWith(9, true);
  });

  it('keeps the dialog open with the reason when the revert is refused', async () => {
    vi.mocked(api.pushes.ledger).mockResolvedValue([revertible]);
    vi.mocked(api.pushes.revert).mockRejectedValue(new Error('ConnectWise refused: 403, the API member needs Agreements Edit'));
    const { user } = renderWithProviders(<ActivityLogPage today={TODAY} />);
    const [row] = await rows();
    await user.click(within(row!).getByRole('button', { name: 'Revert…' }));
    const dialog = await screen.findByTestId('revert-dialog');
    await within(dialog).findByTestId('planned-write');
    await user.click(within(dialog).getByRole('button', { name: 'Revert' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'Could not revert: ConnectWise refused: 403, the API member needs Agreements Edit',
    );
  });
});
