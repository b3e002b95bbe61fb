import { screen, within } from '@testing-library/react';
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
    vi.mocked(api.sync.log).mockResolvedValue([
      makeLog({ level: 'info', section: 'companies', message: 'Read 120 companies' }),
      makeLog({ level: 'error', section: 'agreements', message: 'HTTP 403 Forbidden' }),
    ]);
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
