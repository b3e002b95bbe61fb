import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';

export type Page =
  | 'sync-status'
  | 'integrations'
  | 'cached-data'
  // Mapping and Reconcile (cards) are G1's screens; the guided month links to them.
  | 'mapping'
  | 'reconcile'
  // The push ledger, cost reconciliation, final check and guided month (G2).
  | 'activity-log'
  | 'costs'
  | 'sanity-check'
  | 'month'
  // Backups (and what else belongs to the app rather than to one screen).
  | 'settings'
  // "Why isn't it showing?": search any account or product (explain).
  | 'explain'
  // Version, data folder, Export diagnostics, licences.
  | 'about'
  // Notices about scheduled syncs, automatic pushes, stuck syncs, the weekly summary.
  | 'inbox';

/** The sidebar's pages, in its order (the guided month has its own button). */
export const PAGES: readonly { id: Page; title: string }[] = [
  { id: 'inbox', title: 'Inbox' },
  { id: 'sync-status', title: 'Sync Status' },
  // The month's steps in their order: map, review the cards, then the ledger and checks.
  { id: 'mapping', title: 'Mapping' },
  { id: 'reconcile', title: 'Reconcile' },
  { id: 'activity-log', title: 'Activity Log' },
  { id: 'costs', title: 'Costs' },
  { id: 'sanity-check', title: 'Sanity Check' },
  { id: 'integrations', title: 'Integrations' },
  { id: 'cached-data', title: 'Cached Data' },
  { id: 'settings', title: 'Settings' },
  { id: 'explain', title: "Why isn't it showing?" },
  { id: 'about', title: 'About' },
];

/** What a page opens with, besides the page. */
export interface NavigationOptions {
  /** Integration to preselect (Cached Data; the vendor on Mapping). */
  integrationId?: number;
  /** Text to search for (Mapping's search; the account Explain asks about). */
  query?: string;
  /** The Mapping tab to open. */
  mappingKind?: 'account' | 'product';
  /** The run whose log Sync Status opens (from an inbox notice). */
  runId?: number;
  /** The card state Reconcile filters to (from an inbox notice). */
  cardState?: string;
  /** The vendor integration whose automatic true-up Settings shows first (from an inbox notice). */
  integrationName?: string;
}

interface NavigationState {
  page: Page;
  integrationId: number | null;
  query: string | null;
  mappingKind: 'account' | 'product' | null;
  runId: number | null;
  cardState: string | null;
  integrationName: string | null;
}

interface Navigation extends NavigationState {
  navigate(page: Page, opts?: NavigationOptions): void;
}

const NavigationContext = createContext<Navigation | null>(null);

export function NavigationProvider({
  children,
  initialPage = 'sync-status',
}: {
  children: ReactNode;
  initialPage?: Page;
}) {
  const [state, setState] = useState<NavigationState>({
    page: initialPage,
    integrationId: null,
    query: null,
    mappingKind: null,
    runId: null,
    cardState: null,
    integrationName: null,
  });
  const value = useMemo<Navigation>(
    () => ({
      ...state,
      navigate: (page, opts) =>
        setState({
          page,
          integrationId: opts?.integrationId ?? null,
          query: opts?.query ?? null,
          mappingKind: opts?.mappingKind ?? null,
          runId: opts?.runId ?? null,
          cardState: opts?.cardState ?? null,
          integrationName: opts?.integrationName ?? null,
        }),
    }),
    [state],
  );
  return <NavigationContext.Provider value={value}>{children}</NavigationContext.Provider>;
}

export function useNavigation(): Navigation {
  const ctx = useContext(NavigationContext);
  if (!ctx) throw new Error('useNavigation must be used inside <NavigationProvider>');
  return ctx;
}
