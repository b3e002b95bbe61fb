import { screen, waitFor, within } from '@testing-library/react';
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { api } from '@/test/fakeApi';
import { makeInfo } from '@/test/fixtures';
import { testQueryClient } from '@/test/render';
import { App } from './App';

vi.mock('@/api/client', () => import('@/test/fakeApi'));

describe('App shell', () => {
  it('shows the demo banner and switches to the own workspace', async () => {
    vi.mocked(api.workspace.info).mockResolvedValue(makeInfo({ demo: true, demo_psa: 'connectwise', version: '0.1.0' }));
    render(<App client={testQueryClient()} />);
    const banner = await screen.findByRole('region', { name: 'Demo workspace' });
    expect(banner).toHaveTextContent(
      "You're exploring the demo workspace: simulated ConnectWise Manage, Pax8 and Microsoft Partner Center running on this computer.",
    );
    expect(screen.getByText('Version 0.1.0')).toBeInTheDocument();
    await userEvent.click(within(banner).getByRole('button', { name: 'Set up my own workspace' }));
    expect(api.workspace.useOwn).toHaveBeenCalledTimes(1);
    expect(await screen.findByRole('heading', { level: 1, name: 'Integrations' })).toBeInTheDocument();
  });

  it('starts on Sync Status and navigates with the sidebar', async () => {
    render(<App client={testQueryClient()} />);
    expect(await screen.findByRole('heading', { level: 1, name: 'Sync Status' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sync Status' })).toHaveAttribute('aria-current', 'page');
    const label = await screen.findByTestId('workspace-label');
    expect(label).toHaveTextContent('My workspace');
    // It does nothing, so it is not a button and does not look like one; it says where the data lives.
    expect(label.closest('button')).toBeNull();
    expect(label).toHaveTextContent('/home/me/.config/TrueUp');
    expect(screen.queryByRole('region', { name: 'Demo workspace' })).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Cached Data' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Cached Data' })).toBeInTheDocument();
    await waitFor(() => expect(api.events.onSyncChanged).toHaveBeenCalled());
  });
});
