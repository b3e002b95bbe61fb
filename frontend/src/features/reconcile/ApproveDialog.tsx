import { useQuery } from '@tanstack/react-query';
import { TriangleAlert } from 'lucide-react';
import { useId, useState } from 'react';
import { api, errorMessage, useApprove, type ApproveRequest, type Card } from '@/api';
import { Button, Checkbox, Dialog, InlineAlert, Spinner } from '@/components/ui';
import { formatQty } from '@/lib/money';
import { PreviewView } from './PreviewView';
import { useApprovalReport } from './useApprovalReport';

export function approveRequest(cardId: string, over: Partial<ApproveRequest> = {}): ApproveRequest {
  return { card_id: cardId, quantity: '', effective: '', agreement_id: '', line_id: '', note: '', confirm_large: false, dry_run: false, ...over };
}

/** The large-change confirmation every such approval needs, one card at a time. */
export function ConfirmLarge({ card, checked, onChange }: { card: Card; checked: boolean; onChange: (v: boolean) => void }) {
  const id = useId();
  return (
    <div className="confirm-large">
      <TriangleAlert size={16} aria-hidden="true" className="confirm-large__icon" />
      <label htmlFor={id} className="confirm-large__label">
        <Checkbox id={id} checked={checked} onChange={onChange} label="I have checked this large change" />
        <span>
          I have checked this large change ({formatQty(card.psa_quantity)} → {formatQty(card.vendor_quantity)})
        </span>
      </label>
    </div>
  );
}

/** Approve with the exact writes shown first (large changes, No vendor data). */
export function ApproveDialog({ card, onClose }: { card: Card; onClose: () => void }) {
  const preview = useQuery({
    queryKey: ['approve-preview', card.id],
    queryFn: () => api.reconcile.preview(approveRequest(card.id)),
    gcTime: 0,
  });
  const approve = useApprove();
  const report = useApprovalReport();
  const [confirmed, setConfirmed] = useState(false);
  const large = preview.data?.large ?? card.flags.includes('large_change');

  return (
    <Dialog
      title={`Approve ${card.product_name}`}
      description={`${card.account_name}: ${formatQty(card.psa_quantity)} → ${formatQty(card.vendor_quantity)}`}
      onClose={onClose}
      size="lg"
      testId="approve-dialog"
      footer={
        <>
          <Button variant="ghost" onClick={onClose} disabled={approve.isPending}>
            Cancel
          </Button>
          <Button
            variant="primary"
            disabled={!preview.data || (large && !confirmed)}
            loading={approve.isPending}
            onClick={() =>
              approve.mutate(approveRequest(card.id, { confirm_large: large && confirmed }), {
                onSuccess: (result) => {
                  report(card, result);
                  onClose();
                },
              })
            }
          >
            Approve and push
          </Button>
        </>
      }
    >
      {preview.isPending && (
        <div className="loading">
          <Spinner /> Working out what will be written…
        </div>
      )}
      {preview.isError && <InlineAlert>Could not preview the push: {errorMessage(preview.error)}</InlineAlert>}
      {preview.data && <PreviewView preview={preview.data} />}
      {large && <ConfirmLarge card={card} checked={confirmed} onChange={setConfirmed} />}
      {approve.isError && <InlineAlert>Could not approve: {errorMessage(approve.error)}</InlineAlert>}
    </Dialog>
  );
}
