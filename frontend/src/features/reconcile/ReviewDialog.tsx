import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';
import { api, errorMessage, useApprove, type AgreementOption, type ApproveRequest, type Card } from '@/api';
import { Button, Dialog, Field, fieldAria, InlineAlert, Select, Spinner } from '@/components/ui';
import { formatQty } from '@/lib/money';
import { formatDay } from '@/lib/time';
import { useDebouncedValue } from '@/lib/useDebouncedValue';
import { approveRequest, ConfirmLarge } from './ApproveDialog';
import { CardTerms } from './CardTerms';
import { PreviewView } from './PreviewView';
import { useApprovalReport } from './useApprovalReport';

/** How long the form must stay still before the preview is asked again. */
export const PREVIEW_DEBOUNCE_MS = 300;
const QUANTITY = /^\d+(\.\d+)?$/;

/**
 * Review: edit the quantity, the effective date and the target (a line, or the agreement a
 * New Revenue line goes on), add a note, see exactly what will be written, then approve.
 */
export function ReviewDialog({ card, onClose }: { card: Card; onClose: () => void }) {
  const [quantity, setQuantity] = useState(card.vendor_quantity);
  const [effective, setEffective] = useState('');
  const [agreementId, setAgreementId] = useState('');
  const [lineId, setLineId] = useState(card.psa_lines.find((l) => l.target)?.line_id ?? '');
  const [note, setNote] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [agreements, setAgreements] = useState<AgreementOption[]>([]);
  const ids = { qty: useId(), eff: useId(), target: useId(), note: useId(), form: useId() };
  const newRevenue = card.state === 'new_revenue';
  const billable = card.psa_lines.filter((l) => !l.bill_customer || l.bill_customer === 'Billable');

  const qtyError = QUANTITY.test(quantity.trim()) ? '' : 'A quantity is a whole or decimal number, e.g. 27.';
  const request: ApproveRequest = approveRequest(card.id, {
    quantity: quantity.trim() === card.vendor_quantity ? '' : quantity.trim(),
    effective,
    agreement_id: newRevenue ? agreementId : '',
    line_id: newRevenue ? '' : lineId,
    note: note.trim(),
  });
  // The note changes nothing that is written: it is left out of the preview's key.
  const key = JSON.stringify({ ...request, note: '' });
  const settled = useDebouncedValue(key, PREVIEW_DEBOUNCE_MS);
  const settledRequest = useMemo(() => JSON.parse(settled) as ApproveRequest, [settled]);
  const preview = useQuery({
    queryKey: ['review-preview', settled],
    queryFn: async () => {
      const p = await api.reconcile.preview(settledRequest);
      if (p.agreements.length > 0) setAgreements(p.agreements);
      return p;
    },
    enabled: !qtyError,
    placeholderData: keepPreviousData,
    gcTime: 0,
  });
  const approve = useApprove();
  const report = useApprovalReport();
  const current = settled === key && !preview.isPlaceholderData ? preview.data : undefined;
  const large = current?.large ?? false;
  const needsAgreement = newRevenue && !agreementId;
  const ready = !qtyError && !needsAgreement && current !== undefined && (!large || confirmed);

  return (
    <Dialog
      title={`Review ${card.product_name}`}
      description={`${card.account_name}: PSA ${formatQty(card.psa_quantity)}, vendor ${formatQty(card.vendor_quantity)}`}
      onClose={onClose}
      size="lg"
      testId="review-dialog"
      footer={
        <>
          <Button variant="ghost" onClick={onClose} disabled={approve.isPending}>
            Cancel
          </Button>
          <Button variant="primary" type="submit" form={ids.form} disabled={!ready} loading={approve.isPending}>
            Approve and push
          </Button>
        </>
      }
    >
      <form
        id={ids.form}
        className="form review-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!ready) return;
          approve.mutate(
            { ...request, confirm_large: large && confirmed },
            {
              onSuccess: (result) => {
                report(card, result);
                onClose();
              },
            },
          );
        }}
      >
        <CardTerms card={card} />
        <div className="review-form__row">
          <Field id={ids.qty} label="Quantity" error={qtyError} help="The vendor quantity unless you change it.">
            <input id={ids.qty} className="input num" inputMode="decimal" value={quantity} onChange={(e) => setQuantity(e.target.value)} {...fieldAria(ids.qty, { error: qtyError, help: true })} />
          </Field>
          <Field
            id={ids.eff}
            label="Effective date"
            help={effective || !current?.effective ? 'Leave empty for the billing setting of the vendor.' : `Default: ${formatDay(current.effective)}`}
          >
            <input id={ids.eff} className="input" type="date" value={effective} onChange={(e) => setEffective(e.target.value)} {...fieldAria(ids.eff, { help: true })} />
          </Field>
        </div>
        {newRevenue ? (
          <Field id={ids.target} label="Agreement" required help="New Revenue is added as a new line on this agreement.">
            <Select
              id={ids.target}
              value={agreementId}
              onChange={setAgreementId}
              placeholder={agreements.length ? 'Choose an agreement' : 'No agreement found for this account'}
              options={agreements.map((a) => ({ value: a.id, label: a.name, hint: a.prorates ? 'prorates' : undefined }))}
            />
          </Field>
        ) : (
          billable.length > 1 && (
            <Field id={ids.target} label="Line to change" help="The card counts every billable line; a push changes one.">
              <Select
                id={ids.target}
                value={lineId}
                onChange={setLineId}
                options={billable.map((l) => ({ value: l.line_id, label: `${l.agreement_name} · line ${l.line_id}`, hint: formatQty(l.quantity) }))}
              />
            </Field>
          )
        )}
        <Field id={ids.note} label="Note (optional)">
          <textarea id={ids.note} className="input textarea" rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
        </Field>
      </form>
      <section className="review-preview" aria-label="What will be written" aria-busy={preview.isFetching || settled !== key}>
        <h3 className="review-preview__title">
          What will be written {(preview.isFetching || settled !== key) && !qtyError && <Spinner size={14} label="Updating the preview" />}
        </h3>
        {needsAgreement && agreements.length > 0 && <p className="muted">Choose the agreement to see the new line.</p>}
        {/* Without agreements to choose from, the backend's answer says why. */}
        {preview.isError && (!needsAgreement || agreements.length === 0) && (
          <InlineAlert>Could not preview: {errorMessage(preview.error)}</InlineAlert>
        )}
        {preview.data && !needsAgreement && <PreviewView preview={preview.data} />}
      </section>
      {large && <ConfirmLarge card={card} checked={confirmed} onChange={setConfirmed} />}
      {approve.isError && <InlineAlert>Could not approve: {errorMessage(approve.error)}</InlineAlert>}
    </Dialog>
  );
}
