import { screen, waitFor } from '@testing-library/react';
import { useEffect, type ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { useNavigation, type NavigationOptions, type Page } from '@/app/navigation';
import { ReconcilePage } from '@/features/reconcile/ReconcilePage';
import { SyncStatusPage } from '@/features/sync-status/SyncStatusPage';
import { api } from '@/test/fakeApi';
import { renderWithProviders } from '@/test/render';

vi.mock('@/api/client', () => import('@/test/fakeApi'));

/** Navigates as opening a notice does, then shows the page it went to. */
function Opened({ page, opts, children }: { page: Page; opts: NavigationOptions; children: ReactNode }) {
  const nav = useNavigation();
  // Once, on mount, as a click on the notice would.
  useEffect(() => nav.navigate(page, opts), []);
  return nav.page === page && (opts.runId === undefined || nav.runId === opts.runId) ? <>{children}</> : null;
}

describe("a notice's target", () => {
  it('opens Sync Status with the run log of the notice open', async () => {
    renderWithProviders(
      <Opened page="sync-status" opts={{ runId: 42 }}>
        <SyncStatusPage />
      </Opened>,
    );
    expect(await screen.findByRole('dialog')).toBeInTheDocument();
    await waitFor(() => expect(api.sync.logPage).toHaveBeenCalledWith(42, 0, expect.any(Number)));
  });

  it('opens Reconcile filtered to the card state of the notice', async () => {
    renderWithProviders(
      <Opened page="reconcile" opts={{ cardState: 'new_revenue' }}>
        <ReconcilePage />
      </Opened>,
    );
    await waitFor(() => expect(api.reconcile.cards).toHaveBeenCalledWith(expect.objectContaining({ state: 'new_revenue' })));
  });
});
