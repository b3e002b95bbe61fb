import type { NavigationOptions, Page } from '@/app/navigation';
import type { Notice } from '@/api/inboxTypes';

/** Where opening a notice goes; null when it points at nothing more. */
export function noticeTarget(n: Notice): { page: Page; opts?: NavigationOptions; label: string } | null {
  switch (n.target) {
    case 'run':
      return n.run_id ? { page: 'sync-status', opts: { runId: n.run_id }, label: 'Open the run log' } : null;
    case 'cards':
      return n.card_state
        ? { page: 'reconcile', opts: { cardState: n.card_state }, label: 'Open the cards' }
        : { page: 'reconcile', label: 'Open the cards' };
    case 'ledger':
      return { page: 'activity-log', label: 'Open the Activity Log' };
    case 'mapping':
      return { page: 'mapping', label: 'Open Mapping' };
    case 'sync':
      return { page: 'sync-status', label: 'Open Sync Status' };
    case 'settings':
      return n.integration
        ? { page: 'settings', opts: { integrationName: n.integration }, label: 'Review the plan in Settings' }
        : { page: 'settings', label: 'Review the plan in Settings' };
    default:
      return null;
  }
}
