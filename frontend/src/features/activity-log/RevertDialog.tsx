import * as Checkbox from '@radix-ui/react-checkbox';
import { Check, TriangleAlert } from 'lucide-react';
import { useId, useState } from 'react';
import { errorMessage, useRevert, useRevertPreview } from '@/api';
import type { LedgerEntry } from '@/api/ledgerTypes';
import { Button, Dialog, InlineAlert, Spinner, useNotices } from '@/components/ui';
import { formatDecimalQuantity, formatMoney } from '@/lib/format';
import { WritesPreview } from './WritesPreview';

/**
 * Revert a push: first exactly what the compensating write sends; when the PSA no longer
 * holds what the push wrote, a warning with what it holds now and a checkbox the user must
 * tick before Revert is allowed (the backend refuses otherwise too).
 */
export function RevertDialog({ entry, onClose }: { entry: LedgerEntry; onClose: () => void }) {
  const preview = useRevertPreview(entry.id);
  const revert = useRevert();
  const notices = useNotices();
  const [confirmed, setConfirmed] = useState(false);
  const checkId = useId();

  const changed = preview.data?.changed ?? false;
  const format = entry.action === 'cost' ? formatMoney : formatDecimalQuantity;
  const blocked = !preview.data || (changed && !confirmed);

  function submit() {
    revert.mutate(
      { pushId: entry.id, confirmChanged: changed && confirmed },
      {
        onSuccess: (result) => {
          notices.success(result.message || 'The revert is on its way to the PSA.');
          onClose();
        },
      },
    );
  }

  const what = [entry.account_name, entry.product_name].filter(Boolean).join(' · ');
  return (
    <Dialog
      title="Revert this push?"
      description={
        <>
          {what && <span className="revert-what">{what}</span>} Writes back{' '}
          <strong className="num">{format(entry.before)}</strong> where the push wrote{' '}
          <strong className="num">{format(entry.after)}</strong>. The revert is an entry in the
          Activity Log too.
        </>
      }
      onClose={onClose}
      size="lg"
      testId="revert-dialog"
      initialFocus="[data-autofocus]"
      footer={
        <>
          <Button variant="ghost" onClick={onClose} disabled={revert.isPending}>
            Cancel
          </Button>
          <Button
            variant={changed ? 'danger' : 'primary'}
            onClick={submit}
            loading={revert.isPending}
            disabled={blocked}
            data-autofocus=""
            title={changed && !confirmed ? 'Tick the confirmation first: the PSA value has changed' : undefined}
          >
            Revert
          </Button>
        </>
      }
    >
      {preview.isPending && (
        <div className="loading">
          <Spinner /> Reading what the PSA holds now…
        </div>
      )}
      {preview.isError && <InlineAlert>Could not prepare the revert: {errorMessage(preview.error)}</InlineAlert>}
      {preview.data && (
        <div className="revert">
          {changed && (
            <div className="revert-warning" role="alert" data-testid="revert-changed">
              <TriangleAlert size={18} aria-hidden="true" className="revert-warning__icon" />
              <div>
                <p className="revert-warning__title">
                  The PSA value has changed since this push.
                </p>
                <p>
                  It holds <strong className="num">{preview.data.current ? format(preview.data.current) : 'something else'}</strong> now,
                  not the <strong className="num">{format(entry.after)}</strong> the push wrote; reverting overwrites that.
                </p>
                {preview.data.message && <p className="revert-warning__message">{preview.data.message}</p>}
                <div className="check">
                  <Checkbox.Root
                    id={checkId}
                    className="check__box"
                    checked={confirmed}
                    onCheckedChange={(v) => setConfirmed(v === true)}
                  >
                    <Checkbox.Indicator className="check__indicator">
                      <Check size={13} aria-hidden="true" />
                    </Checkbox.Indicator>
                  </Checkbox.Root>
                  <label htmlFor={checkId} className="check__label">
                    Revert anyway and overwrite what the PSA holds now
                  </label>
                </div>
              </div>
            </div>
          )}
          {!changed && preview.data.message && <p className="revert-message">{preview.data.message}</p>}
          <h3 className="revert-writes-title">What will be written</h3>
          <WritesPreview writes={preview.data.writes} />
        </div>
      )}
      {revert.isError && <InlineAlert>Could not revert: {errorMessage(revert.error)}</InlineAlert>}
    </Dialog>
  );
}
