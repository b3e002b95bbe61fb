import { act, screen, within } from '@testing-library/react';
import { FIRST_LOG_PAGE, LOG_PAGE, type LogPage } from '@/api';
import { describe, expect, it, vi } from 'vitest';
import { api } from '@/test/fakeApi';
import { makeLog, makeRun } from '@/test/fixtures';
import { renderWithProviders } from '@/test/render';
import { RunLogDialog } from './RunLogDialog';

vi.mock('@/api/client', () => import('@/test/fakeApi'));

describe('RunLogDialog', () => {
  it('renders the header, section failures and the log lines', async () => {
    const run = makeRun({
      id: 5,
      status: 'partial',
      mode: 'full',
      requests: 48,
      sections: [
        { name: 'companies', status: 'ok', error: '' },
        { name: 'agreements', status: 'failed', error: 'HTTP 403: the API member lacks the Agreements permission' },
      ],
    });
    vi.mocked(api.sync.run).mockResolvedValue(run);
    vi.mocked(api.sync.logPage).mockResolvedValue({
      lines: [
        makeLog({ level: 'info', section: 'companies', message: 'Read 120 companies' }),
        makeLog({ level: 'error', section: 'agreements', message: 'HTTP 403 Forbidden' }),
      ],
      next: 2,
      more: false,
    });
    renderWithProviders(<RunLogDialog runId={5} onClose={() => undefined} />);
    const dialog = await screen.findByTestId('run-log');
    expect(dialog).toHaveAttribute('role', 'dialog');
    expect(dialog).toHaveAttribute('aria-modal', 'true');
    expect(await within(dialog).findByText('Read 120 companies')).toBeInTheDocument();
    expect(within(dialog).getByRole('heading', { name: 'ConnectWise · Full Sync' })).toBeInTheDocument();
    expect(within(dialog).getByText('Partly succeeded')).toBeInTheDocument();
    expect(within(dialog).getByText('48')).toBeInTheDocument();

    const failed = dialog.querySelector('[data-section-status="failed"]');
    expect(failed).toHaveTextContent('agreements');
    expect(failed).toHaveTextContent('lacks the Agreements permission');
    expect(dialog.querySelector('[data-section-status="ok"]')).toHaveTextContent('companies');

    const errorLine = within(dialog).getByText('HTTP 403 Forbidden').closest('tr');
    expect(errorLine).toHaveAttribute('data-level', 'error');
    expect(errorLine).toHaveClass('log-line--error');
  });

  it('closes with Escape and with the close button', async () => {
    const onClose = vi.fn();
    const { user } = renderWithProviders(<RunLogDialog runId={5} fallback={makeRun({ id: 5 })} onClose={onClose} />);
    await screen.findByTestId('run-log');
    await user.keyboard('{Escape}');
    expect(onClose).toHaveBeenCalledTimes(1);
    await user.click(screen.getByRole('button', { name: 'Close' }));
    expect(onClose).toHaveBeenCalledTimes(2);
  });

  it('opens at once from what the list knows, before the backend answers', () => {
    vi.mocked(api.sync.run).mockReturnValue(new Promise(() => undefined));
    vi.mocked(api.sync.logPage).mockReturnValue(new Promise(() => undefined));
    renderWithProviders(<RunLogDialog runId={5} fallback={makeRun({ id: 5, mode: 'full' })} onClose={() => undefined} />);
    const dialog = screen.getByTestId('run-log');
    expect(within(dialog).getByRole('heading', { name: 'ConnectWise · Full Sync' })).toBeInTheDocument();
    expect(within(dialog).getByText('Loading the log…')).toBeInTheDocument();
  });

  it('streams the lines in: the first page shows while the rest is read', async () => {
    let rest: (page: LogPage) => void = () => undefined;
    const first = Array.from({ length: FIRST_LOG_PAGE }, (_, i) => makeLog({ message: `line ${i + 1}` }));
    vi.mocked(api.sync.logPage).mockImplementation(async (_id, offset) =>
      offset === 0 ? { lines: first, next: first.length, more: true } : new Promise<LogPage>((resolve) => (rest = resolve)),
    );
    renderWithProviders(<RunLogDialog runId={5} fallback={makeRun({ id: 5 })} onClose={() => undefined} />);
    const dialog = screen.getByTestId('run-log');
    expect(await within(dialog).findByText(`line ${FIRST_LOG_PAGE}`)).toBeInTheDocument();
    expect(api.sync.logPage).toHaveBeenLastCalledWith(5, FIRST_LOG_PAGE, LOG_PAGE);
    expect(within(dialog).queryByText('last line')).not.toBeInTheDocument();
    act(() => rest({ lines: [makeLog({ message: 'last line' })], next: FIRST_LOG_PAGE + 1, more: false }));
    expect(await within(dialog).findByText('last line')).toBeInTheDocument();
    expect(within(dialog).getAllByRole('row')).toHaveLength(FIRST_LOG_PAGE + 2); // + the hidden header row
  });

  it('offers Retry for a cancelled run', async () => {
    const run = makeRun({ id: 7, status: 'cancelled' });
    vi.mocked(api.sync.run).mockResolvedValue(run);
    const retry = vi.fn();
    const { user } = renderWithProviders(
      <RunLogDialog runId={7} fallback={run} actions={{ retry, cancel: vi.fn() }} onClose={() => undefined} />,
    );
    await user.click(within(screen.getByTestId('run-log')).getByRole('button', { name: 'Retry' }));
    expect(retry).toHaveBeenCalledWith(7);
  });

  it('says when there are no lines yet and shows the progress of an active run', async () => {
    const run = makeRun({ id: 6, status: 'running', section: 'Reading subscriptions', progress_done: 1, progress_total: 4, percent: 25, finished_at: '' });
    vi.mocked(api.sync.run).mockResolvedValue(run);
    renderWithProviders(<RunLogDialog runId={6} onClose={() => undefined} />);
    const dialog = await screen.findByTestId('run-log');
    expect(await within(dialog).findByText('No log lines yet.')).toBeInTheDocument();
    expect(await within(dialog).findByRole('progressbar')).toHaveAttribute('aria-valuenow', '25');
    expect(within(dialog).getByText('(live)')).toBeInTheDocument();
  });
});
