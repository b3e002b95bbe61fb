import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { api, emitKeychainChanged, emitWorkspaceChanged, keychainSubscriberCount } from '@/test/fakeApi';
import { renderWithProviders } from '@/test/render';
import { KeychainBanner } from './KeychainBanner';

vi.mock('@/api/client', () => import('@/test/fakeApi'));

const WAITING = 'Waiting for your keychain to be unlocked: enter your login password in its prompt.';

describe('KeychainBanner', () => {
  it('shows nothing while no unlock prompt is open', async () => {
    renderWithProviders(<KeychainBanner />);
    await waitFor(() => expect(api.workspace.keychainState).toHaveBeenCalledTimes(1));
    expect(screen.queryByTestId('keychain-banner')).not.toBeInTheDocument();
  });

  it('reads the state on mount: a prompt opened before the page subscribed is shown', async () => {
    vi.mocked(api.workspace.keychainState).mockResolvedValue({ seq: 3, waiting: true, message: WAITING });
    renderWithProviders(<KeychainBanner />);
    const banner = await screen.findByTestId('keychain-banner');
    expect(banner).toHaveTextContent(WAITING);
    expect(screen.getByRole('status')).toContainElement(banner);
  });

  it('appears when the prompt opens and goes when it closes, re-reading after each event', async () => {
    vi.mocked(api.workspace.keychainState).mockResolvedValue({ seq: 4, waiting: false, message: '' });
    renderWithProviders(<KeychainBanner />);
    await waitFor(() => expect(api.workspace.keychainState).toHaveBeenCalledTimes(1));

    vi.mocked(api.workspace.keychainState).mockResolvedValue({ seq: 5, waiting: true, message: WAITING });
    emitKeychainChanged({ seq: 5, waiting: true, message: WAITING });
    expect(await screen.findByText(WAITING)).toBeInTheDocument();
    await waitFor(() => expect(api.workspace.keychainState).toHaveBeenCalledTimes(2));

    vi.mocked(api.workspace.keychainState).mockResolvedValue({ seq: 6, waiting: false, message: '' });
    emitKeychainChanged({ seq: 6, waiting: false, message: '' });
    await waitFor(() => expect(screen.queryByTestId('keychain-banner')).not.toBeInTheDocument());
    await waitFor(() => expect(api.workspace.keychainState).toHaveBeenCalledTimes(3));
  });

  it('ignores an event older than the state it holds (Wails can deliver late)', async () => {
    vi.mocked(api.workspace.keychainState).mockResolvedValue({ seq: 8, waiting: true, message: WAITING });
    renderWithProviders(<KeychainBanner />);
    await screen.findByText(WAITING);
    emitKeychainChanged({ seq: 7, waiting: false, message: '' });
    // The re-read the event asks for also says seq 8 is waiting.
    await waitFor(() => expect(api.workspace.keychainState).toHaveBeenCalledTimes(2));
    expect(screen.getByText(WAITING)).toBeInTheDocument();
  });

  it('keeps a newer event over a read that answered with an older state', async () => {
    let answer: (value: { seq: number; waiting: boolean; message: string }) => void = () => undefined;
    vi.mocked(api.workspace.keychainState).mockImplementation(() => new Promise((resolve) => (answer = resolve)));
    renderWithProviders(<KeychainBanner />);
    await waitFor(() => expect(api.workspace.keychainState).toHaveBeenCalledTimes(1));
    emitKeychainChanged({ seq: 2, waiting: true, message: WAITING });
    expect(await screen.findByText(WAITING)).toBeInTheDocument();
    // The read sent on mount answers now, with the state from before the prompt opened.
    answer({ seq: 1, waiting: false, message: '' });
    await waitFor(() => expect(api.workspace.keychainState).toHaveBeenCalledTimes(2));
    answer({ seq: 1, waiting: false, message: '' });
    await new Promise((r) => setTimeout(r, 0));
    expect(screen.getByText(WAITING)).toBeInTheDocument();
  });

  it('starts over when the workspace changes: its keychain has its own sequence', async () => {
    vi.mocked(api.workspace.keychainState).mockResolvedValue({ seq: 9, waiting: true, message: WAITING });
    renderWithProviders(<KeychainBanner />);
    await screen.findByText(WAITING);
    vi.mocked(api.workspace.keychainState).mockResolvedValue({ seq: 0, waiting: false, message: '' });
    emitWorkspaceChanged(true);
    await waitFor(() => expect(screen.queryByTestId('keychain-banner')).not.toBeInTheDocument());
  });

  it('unsubscribes on unmount', async () => {
    const { unmount } = renderWithProviders(<KeychainBanner />);
    await waitFor(() => expect(api.workspace.keychainState).toHaveBeenCalled());
    expect(keychainSubscriberCount()).toBe(1);
    unmount();
    expect(keychainSubscriberCount()).toBe(0);
  });
});
