import { useEffect } from 'react';
import { errorMessage, usePushCost } from '@/api';
import type { CostRow } from '@/api/ledgerTypes';
import { Button, Dialog, InlineAlert, Spinner, useNotices } from '@/components/ui';
import { formatMoney } from '@/lib/format';
import { WritesPreview } from '@/features/activity-log/WritesPreview';

/**
 * Push the vendor cost to the PSA catalog item: a dry run first, which shows the exact
 * write (built from the same plan the push sends), then the push through the outbox.
 */
export function PushCostDialog({ row, onClose }: { row: CostRow; onClose: () => void }) {
  const preview = usePushCost();
  const push = usePushCost();
  const notices = useNotices();
  const { mutate: askPreview } = preview;

  useEffect(() => {
    askPreview({ psaIntegrationId: row.psa_integration_id, productId: row.psa_product_id, dryRun: true });
  }, [askPreview, row.psa_integration_id, row.psa_product_id]);

  function submit() {
    push.mutate(
      { psaIntegrationId: row.psa_integration_id, productId: row.psa_product_id, dryRun: false },
      {
        onSuccess: (result) => {
          notices.success(result.message || `The new cost of ${row.product_name} is on its way to the PSA.`);
          onClose();
        },
      },
    );
  }

  return (
    <Dialog
      title={`Push the cost of ${row.product_name}?`}
      description={
        <>
          Sets the PSA catalog cost from <strong className="num">{formatMoney(row.catalog_cost)}</strong> to the
          vendor cost <strong className="num">{formatMoney(row.vendor_cost)}</strong>. It goes through the push
          outbox and shows in the Activity Log.
        </>
      }
      onClose={onClose}
      size="lg"
      testId="push-cost-dialog"
      initialFocus="[data-autofocus]"
      footer={
        <>
          <Button variant="ghost" onClick={onClose} disabled={push.isPending}>
            Cancel
          </Button>
          <Button
            variant="primary"
            onClick={submit}
            loading={push.isPending}
            disabled={!preview.data}
            data-autofocus=""
          >
            Push cost
          </Button>
        </>
      }
    >
      {preview.isPending && (
        <div className="loading">
          <Spinner /> Preparing the write…
        </div>
      )}
      {preview.isError && <InlineAlert>Could not prepare the cost push: {errorMessage(preview.error)}</InlineAlert>}
      {preview.data && (
        <div className="revert">
          {preview.data.message && <p className="revert-message">{preview.data.message}</p>}
          <h3 className="revert-writes-title">What will be written</h3>
          <WritesPreview writes={preview.data.writes} />
        </div>
      )}
      {push.isError && <InlineAlert>Could not push the cost: {errorMessage(push.error)}</InlineAlert>}
    </Dialog>
  );
}
