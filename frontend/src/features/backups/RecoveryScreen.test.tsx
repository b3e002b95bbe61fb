import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { App } from '@/app/App';
import { api } from '@/test/fakeApi';
import { makeBackup } from '@/test/fixtures';
import { renderWithProviders, testQueryClient } from '@/test/render';
import { RecoveryScreen } from './RecoveryScreen';

vi.mock('@/api/client', () => import('@/test/fakeApi'));

const damaged = {
  damaged: true,
  reason: 'file is not a database',
  moved_to: '/home/me/.config/TrueUp/trueup-damaged-2026-12-02T090000Z.db',
  latest: makeBackup(),
  message: 'the database ... is damaged',
  kept_integrations: null,
  kept_from: '',
};

describe('Recovery screen', () => {
  it('says what happened and offers the newest good backup or an empty start', async () => {
    const onDone = vi.fn();
    const { user } = renderWithProviders(<RecoveryScreen recovery={damaged} onDone={onDone} />);
    expect(screen.getByRole('heading', { name: /database was damaged/ })).toHaveFocus();
    expect(screen.getByText(/file is not a database/)).toBeInTheDocument();
    expect(screen.getByText(damaged.moved_to)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Start with an empty cache' })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: /^Restore backup of / }));
    expect(api.backups.restoreLatest).toHaveBeenCalledTimes(1);
    expect(api.backups.startEmpty).not.toHaveBeenCalled();
    await waitFor(() => expect(onDone).toHaveBeenCalled());
  });

  it('offers only the empty start when there is no good backup', async () => {
    const onDone = vi.fn();
    const { user } = renderWithProviders(<RecoveryScreen recovery={{ ...damaged, latest: null }} onDone={onDone} />);
    expect(screen.queryByRole('button', { name: /^Restore backup of / })).not.toBeInTheDocument();
    expect(screen.getByText(/There is no good backup/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Start with an empty cache' }));
    expect(api.backups.startEmpty).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(onDone).toHaveBeenCalled());
  });

  it('says which integrations the empty cache keeps', () => {
    renderWithProviders(
      <RecoveryScreen
        recovery={{ ...damaged, kept_integrations: ['CW', 'Pax8'], kept_from: 'the damaged database' }}
        onDone={vi.fn()}
      />,
    );
    expect(
      screen.getByText(/The empty cache keeps your 2 integrations \(CW, Pax8, read from the damaged database\)/),
    ).toBeInTheDocument();
    expect(screen.queryByText(/setting up the integrations again/)).not.toBeInTheDocument();
  });

  it('shows a failed restore', async () => {
    vi.mocked(api.backups.restoreLatest).mockRejectedValue(new Error('the backup is damaged'));
    const { user } = renderWithProviders(<RecoveryScreen recovery={damaged} onDone={vi.fn()} />);
    await user.click(screen.getByRole('button', { name: /^Restore backup of / }));
    expect(await screen.findByText(/the backup is damaged/)).toBeInTheDocument();
  });

  it('takes the place of the screens until the user has chosen', async () => {
    vi.mocked(api.backups.recovery).mockResolvedValueOnce(damaged).mockResolvedValue({ ...damaged, damaged: false });
    const user = userEvent.setup();
    render(<App client={testQueryClient()} />);
    expect(await screen.findByTestId('recovery-screen')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: /^Restore backup of / }));
    await waitFor(() => expect(screen.queryByTestId('recovery-screen')).not.toBeInTheDocument());
    expect(api.backups.restoreLatest).toHaveBeenCalledTimes(1);
  });
});
