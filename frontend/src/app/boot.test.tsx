import { render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { api } from '@/test/fakeApi';
import { makeIntegration, makeRow, makeSnapshot } from '@/test/fixtures';
import { App } from './App';
import { announcePainted, bootFirstScreen, hasStartupView } from './boot';
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
    expect(api.month.progress).toHaveBeenCalledTimes(1);
    await booted;

    render(<App client={client} />);
    // Preloaded: the page is there at once, not behind the Suspense fallback.
    expect(screen.getByRole('heading', { level: 1, name: 'Sync Status' })).toBeInTheDocument();
    expect(await screen.findAllByTestId('integration-row')).toHaveLength(1);
    expect(api.sync.status).toHaveBeenCalledTimes(1);
    expect(api.workspace.info).toHaveBeenCalledTimes(1);
    expect(api.month.progress).toHaveBeenCalledTimes(1);
  });

  it('with a kept startup view on the screen, waits for the rows before React renders over it', async () => {
    let answer: (v: ReturnType<typeof makeSnapshot>) => void = () => undefined;
    vi.mocked(api.sync.status).mockImplementation(() => new Promise((ok) => (answer = ok)));
    const client = createQueryClient();
    let booted = false;
    void bootFirstScreen(client, true).then(() => (booted = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(booted).toBe(false);
    answer(makeSnapshot({ integrations: [makeRow()] }));
    await vi.waitFor(() => expect(booted).toBe(true));
  });

  it('with a kept view, tells Go after the first frame is out that the picture can go, and renders only after', async () => {
    vi.mocked(api.sync.status).mockResolvedValue(makeSnapshot({ integrations: [makeRow()] }));
    const frames: FrameRequestCallback[] = [];
    const raf = vi.spyOn(window, 'requestAnimationFrame').mockImplementation((cb) => frames.push(cb));
    try {
      let booted = false;
      void bootFirstScreen(createQueryClient(), true).then(() => (booted = true));
      await new Promise((r) => setTimeout(r, 20));
      expect(api.workspace.startupViewShown).not.toHaveBeenCalled();
      expect(booted).toBe(false);
      frames.shift()?.(0); // the first frame: the kept view is being painted
      expect(api.workspace.startupViewShown).not.toHaveBeenCalled();
      frames.shift()?.(16); // the second: the first is out
      await vi.waitFor(() => expect(api.workspace.startupViewShown).toHaveBeenCalledTimes(1));
      await vi.waitFor(() => expect(booted).toBe(true));
    } finally {
      raf.mockRestore();
    }
  });

  it('without a kept view, the picture goes at once, and a failed call is not an error', async () => {
    const shown = vi.fn(async () => Promise.reject(new Error('no binding')));
    await expect(announcePainted(false, shown)).resolves.toBeUndefined();
    expect(shown).toHaveBeenCalledTimes(1);
  });

  it('finds the kept view Go put into the page', () => {
    const root = document.createElement('div');
    expect(hasStartupView(root)).toBe(false);
    root.innerHTML = '<div class="startup-view" inert><div class="shell"></div></div>';
    expect(hasStartupView(root)).toBe(true);
  });
});
