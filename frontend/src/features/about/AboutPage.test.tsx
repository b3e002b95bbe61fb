import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { api } from '@/test/fakeApi';
import { renderWithProviders } from '@/test/render';
import { AboutPage } from './AboutPage';

vi.mock('@/api/client', () => import('@/test/fakeApi'));

describe('About', () => {
  it('shows the build and the data folder, and opens the folder', async () => {
    const { user } = renderWithProviders(<AboutPage />);
    expect(await screen.findByText('1.4.0')).toBeInTheDocument();
    expect(screen.getByText('abc123def456')).toBeInTheDocument();
    expect(screen.getByText('/home/me/.config/TrueUp')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Open folder' }));
    expect(api.about.openDataFolder).toHaveBeenCalledTimes(1);
  });

  it('exports the diagnostics and says where they went', async () => {
    const { user } = renderWithProviders(<AboutPage />);
    await user.click(await screen.findByRole('button', { name: /Export diagnostics/ }));
    expect(await screen.findByRole('status')).toHaveTextContent('Saved to /home/me/trueup-diagnostics.zip (47 KB): 3 files.');
  });

  it('says nothing was saved when the dialog was cancelled, and shows a failure', async () => {
    vi.mocked(api.about.exportDiagnostics).mockResolvedValueOnce({ path: '', size: 0, files: [] });
    const { user } = renderWithProviders(<AboutPage />);
    const button = await screen.findByRole('button', { name: /Export diagnostics/ });
    const before = vi.mocked(api.about.exportDiagnostics).mock.calls.length;
    await user.click(button);
    await waitFor(() => expect(api.about.exportDiagnostics).toHaveBeenCalledTimes(before + 1));
    expect(screen.queryByRole('status')).not.toBeInTheDocument();

    vi.mocked(api.about.exportDiagnostics).mockRejectedValueOnce(new Error('the folder is read-only'));
    await user.click(button);
    expect(await screen.findByText(/Could not export the diagnostics: the folder is read-only/)).toBeInTheDocument();
  });

  it('lists the generated licences and filters them', async () => {
    const { user } = renderWithProviders(<AboutPage />);
    // make licenses generates the list before the frontend is built and tested (CI).
    expect(await screen.findByText(/^Go modules \(\d+\)$/)).toBeInTheDocument();
    expect(screen.getByText('github.com/wailsapp/wails/v2')).toBeInTheDocument();
    expect(screen.getByText('react')).toBeInTheDocument();
    await user.type(screen.getByRole('searchbox', { name: 'Search the licences' }), 'wails/v2');
    await waitFor(() => expect(screen.queryByText('react')).not.toBeInTheDocument());
    expect(screen.getByText('github.com/wailsapp/wails/v2')).toBeInTheDocument();
  });
});
