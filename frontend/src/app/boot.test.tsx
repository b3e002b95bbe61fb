import { render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { api } from '@/test/fakeApi';
import { makeIntegration, makeRow, makeSnapshot } from '@/test/fixtures';
import { App } from './App';
import { bootFirstScreen } from './boot';
import { createQueryClient } from './queryClient';

vi.mock('@/api/client', () => import('@/test/fakeApi'));

describe('bootFirstScreen', () => {
  it('sends the first screen’s reads before React renders, and the screen does not ask again', async () => {
    vi.mocked(api.sync.status).mockResolvedValue(
      makeSnapshot({ integrations: [makeRow({ integration: makeIntegration({ name: 'ConnectWise' }) })] }),
    );
    const client = createQueryClient(); // the app's own settings: the hooks reuse fresh data
    const booted = bootFirstScreen(client);
    expect(api.sync.status).toHaveBeenCalledTimes(1);
    expect(api.workspace.info).toHaveBeenCalledTimes(1);
    await booted;

    render(<App client={client} />);
    // Preloaded: the page is there at once, not behind the Suspense fallback.
    expect(screen.getByRole('heading', { level: 1, name: 'Sync Status' })).toBeInTheDocument();
    expect(await screen.findAllByTestId('integration-row')).toHaveLength(1);
    expect(api.sync.status).toHaveBeenCalledTimes(1);
    expect(api.workspace.info).toHaveBeenCalledTimes(1);
  });
});
