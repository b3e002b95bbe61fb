import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '@/api/errors';
import { api } from '@/test/fakeApi';
import { makeIntegration } from '@/test/fixtures';
import { renderWithProviders } from '@/test/render';
import { makeReconcileSettings } from '@/test/trueupFixtures';
import { SettingsDialog } from './SettingsDialog';

vi.mock('@/api/client', () => import('@/test/fakeApi'));

function stub() {
  vi.mocked(api.integrations.list).mockResolvedValue([
    makeIntegration({ id: 1, name: 'ConnectWise', role: 'psa' }),
    makeIntegration({ id: 2, name: 'Pax8', kind: 'pax8', role: 'vendor' }),
  ]);
  vi.mocked(api.reconcile.settings).mockResolvedValue(makeReconcileSettings({ billing: { '2': 'next_period' } }));
}

describe('True-up settings', () => {
  it('saves the thresholds and a vendor billing setting', async () => {
    stub();
    const onClose = vi.fn();
    const { user } = renderWithProviders(<SettingsDialog onClose={onClose} />);
    const dialog = await screen.findByTestId('settings-dialog');
    const units = await within(dialog).findByLabelText('Large change: units');
    expect(units).toHaveValue(10);
    await user.clear(units);
    await user.type(units, '6');
    await user.click(await within(dialog).findByRole('combobox', { name: 'Pax8 billing setting' }));
    await user.click(await screen.findByRole('option', { name: 'Day the change was detected (prorated)' }));
    await user.click(within(dialog).getByRole('button', { name: 'Save settings' }));
    expect(api.reconcile.setSettings).toHaveBeenCalledWith({
      large_change_units: 6,
      large_change_percent: 20,
      large_new_revenue_units: 10,
      billing: { '2': 'detected' },
      bulk_warning_seen: false,
    });
    await waitFor(() => expect(onClose).toHaveBeenCalled());
  });

  it('keeps the dialog open with what Go refused', async () => {
    stub();
    vi.mocked(api.reconcile.setSettings).mockRejectedValue(
      new ApiError('the large change percentage must be between 1 and 100 (default 20)'),
    );
    const onClose = vi.fn();
    const { user } = renderWithProviders(<SettingsDialog onClose={onClose} />);
    const percent = await screen.findByLabelText('Large change: percent');
    await user.clear(percent);
    await user.type(percent, '150');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('between 1 and 100');
    expect(onClose).not.toHaveBeenCalled();
  });
});
