import { Link2, RefreshCw } from 'lucide-react';
import { useState } from 'react';
import { useStartSync, type ExplainAction, type ExplainEntry } from '@/api';
import { useNavigation } from '@/app/navigation';
import { Button, useNotices } from '@/components/ui';
import { FullSyncConfirmDialog } from '@/features/sync-status/FullSyncConfirmDialog';

/**
 * The fix of one answer when TrueUp can do it: open Mapping at the item, or sync the
 * integration (a Full Sync is confirmed first, as on Sync Status).
 */
export function ExplainActionButton({ entry, action }: { entry: ExplainEntry; action: ExplainAction }) {
  const nav = useNavigation();
  const start = useStartSync();
  const notices = useNotices();
  const [confirmFull, setConfirmFull] = useState(false);

  const integrationId = action.integration_id ?? 0;
  const integration = action.integration ?? '';

  if (action.kind === 'open_mapping') {
    const kind = action.mapping_kind === 'product' ? 'product' : 'account';
    // The vendor item's own name finds its row; a PSA product no vendor maps to opens the
    // products waiting for a mapping.
    const query = action.vendor_id ? (kind === 'account' ? entry.name : entry.product_name ?? entry.name) : undefined;
    return (
      <Button
        size="sm"
        icon={<Link2 size={15} aria-hidden="true" />}
        onClick={() => nav.navigate('mapping', { integrationId: integrationId || undefined, mappingKind: kind, query })}
      >
        {action.label}
      </Button>
    );
  }

  const run = () =>
    start.mutateAsync(
      { integration_ids: [integrationId], mode: action.full ? 'full' : 'quick', since: '' },
      { onSuccess: () => notices.success(`${action.full ? 'Full Sync' : 'Sync'} of ${integration} started: Sync Status shows it`) },
    );
  return (
    <>
      <Button
        size="sm"
        icon={<RefreshCw size={15} aria-hidden="true" />}
        loading={start.isPending}
        onClick={() => {
          if (action.full) {
            setConfirmFull(true);
            return;
          }
          run().catch((err: unknown) => notices.error(`Could not start the sync of ${integration}`, err));
        }}
      >
        {action.label}
      </Button>
      {confirmFull && (
        <FullSyncConfirmDialog targets={[{ id: integrationId, name: integration }]} onConfirm={run} onClose={() => setConfirmFull(false)} />
      )}
    </>
  );
}
