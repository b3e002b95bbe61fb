import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { api } from '@/test/fakeApi';
import { makeBackup } from '@/test/fixtures';
import { renderWithProviders } from '@/test/render';
import { SettingsPage } from '@/features/settings/SettingsPage';
import { BackupsSection } from './BackupsSection';

vi.mock('@/api/client', () => import('@/test/fakeApi'));

const daily = makeBackup();
const weekly = makeBackup({
  name: 'trueup-2026-11-23T030000Z-weekly.db',
  at: '2026-11-23T03:00:00Z',
  kind: 'weekly',
  size: 180 * 1024,
});
const broken = makeBackup({
  name: 'trueup-2026-11-16T030000Z-weekly.db',
  at: '2026-11-16T03:00:00Z',
  kind: 'weekly',
  integrity_ok: false,
  problem: 'database disk image is malformed',
});

async function row(name: string) {
  const rows = await screen.findAllByTestId('backup-row');
  const r = rows.find((el) => el.getAttribute('data-name') === name);
  if (!r) throw new Error(`no row ${name}`);
  return within(r);
}

describe('Settings > Backups', () => {
  it('lists the backups with kind, size and whether they pass the check', async () => {
    vi.mocked(api.backups.list).mockResolvedValue([daily, weekly, broken]);
    renderWithProviders(<SettingsPage />);
    expect(await screen.findByRole('heading', { name: 'Backups' })).toBeInTheDocument();
    const a = await row(daily.name);
    expect(a.getByText('Daily')).toBeInTheDocument();
    expect(a.getByText('2.3 MB')).toBeInTheDocument();
    expect(a.getByText('OK')).toBeInTheDocument();
    const b = await row(weekly.name);
    expect(b.getByText('Weekly')).toBeInTheDocument();
    expect(b.getByText('180 KB')).toBeInTheDocument();
    const c = await row(broken.name);
    expect(c.getByText('Damaged')).toBeInTheDocument();
    expect(c.getByRole('button', { name: /Restore the backup of/ })).toBeDisabled();
  });

  it('says when there are none yet', async () => {
    renderWithProviders(<BackupsSection demo={false} />);
    expect(await screen.findByText('No backups yet')).toBeInTheDocument();
  });

  it('backs up now and shows the new backup', async () => {
    const manual = makeBackup({ name: 'trueup-2026-12-02T101500Z-manual.db', kind: 'manual', at: '2026-12-02T10:15:00Z' });
    vi.mocked(api.backups.list).mockResolvedValueOnce([daily]).mockResolvedValue([manual, daily]);
    vi.mocked(api.backups.now).mockResolvedValue(manual);
    const { user } = renderWithProviders(<BackupsSection demo={false} />);
    await row(daily.name);
    await user.click(screen.getByRole('button', { name: 'Back up now' }));
    expect(api.backups.now).toHaveBeenCalledTimes(1);
    expect(await screen.findByText(/Backed up \(2\.3 MB\)/)).toBeInTheDocument();
    expect((await row(manual.name)).getByText('Manual')).toBeInTheDocument();
  });

  it('cannot back up the demo workspace', async () => {
    renderWithProviders(<BackupsSection demo />);
    expect(await screen.findByRole('button', { name: 'Back up now' })).toBeDisabled();
  });

  it('restores a backup after saying what happens, and shows why a restore was refused', async () => {
    vi.mocked(api.backups.list).mockResolvedValue([daily, weekly]);
    vi.mocked(api.backups.restore)
      .mockRejectedValueOnce(new Error('TrueUp is open on this data folder: close it, then restore again'))
      .mockResolvedValue({ from: weekly, kept_as: '/x/backups/trueup-2026-12-02T101600Z-before-restore.db', kept_damaged: false });
    const { user } = renderWithProviders(<BackupsSection demo={false} />);
    await user.click((await row(weekly.name)).getByRole('button', { name: /Restore the backup of/ }));
    const dialog = await screen.findByTestId('restore-dialog');
    expect(within(dialog).getByText(/kept as a backup first, so you can undo this/)).toBeInTheDocument();
    expect(within(dialog).getByText(/Run a Full Sync afterwards/)).toBeInTheDocument();
    expect(api.backups.restore).not.toHaveBeenCalled();

    await user.click(within(dialog).getByRole('button', { name: 'Restore' }));
    expect(await within(dialog).findByText(/close it, then restore again/)).toBeInTheDocument();

    await user.click(within(dialog).getByRole('button', { name: 'Restore' }));
    await waitFor(() => expect(screen.queryByTestId('restore-dialog')).not.toBeInTheDocument());
    expect(api.backups.restore).toHaveBeenLastCalledWith(weekly.name);
    expect(await screen.findByText(/Restored the backup of .* Run a Full Sync/)).toBeInTheDocument();
  });
});
