import { CircleCheck, Hourglass, SkipForward, TriangleAlert } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import {
  errorMessage,
  useBulkApprove,
  useSetReconcileSettings,
  type BulkApproveResult,
  type Card,
  type ReconcileSettings,
} from '@/api';
import { Button, Checkbox, Dialog, InlineAlert, Spinner } from '@/components/ui';
import { pluralize } from '@/lib/format';
import { formatQty } from '@/lib/money';
import { isLarge, psaName } from './cardModel';

type Step = 'warning' | 'confirm' | 'sending' | 'result';

function firstStep(settings: ReconcileSettings | undefined, cards: Card[]): Step {
  if (!settings?.bulk_warning_seen) return 'warning';
  return cards.some(isLarge) ? 'confirm' : 'sending';
}

/**
 * Bulk approve of the selected cards: a warning the first time (what it pushes; shown once,
 * remembered in the settings), then each large change confirmed on its own or left out,
 * then a summary of what was approved, acknowledged and skipped (with why).
 */
export function BulkApprove({
  cards,
  settings,
  onClose,
  onDone,
}: {
  cards: Card[];
  settings: ReconcileSettings | undefined;
  onClose: () => void;
  /** Called once the approvals are recorded (the selection is cleared then). */
  onDone: () => void;
}) {
  const [step, setStep] = useState<Step>(() => firstStep(settings, cards));
  const [confirmed, setConfirmed] = useState<ReadonlySet<string>>(new Set());
  const [result, setResult] = useState<BulkApproveResult | null>(null);
  const bulk = useBulkApprove();
  const saveSettings = useSetReconcileSettings();
  const large = cards.filter(isLarge);
  const started = useRef(false);

  const send = (ids: ReadonlySet<string>) => {
    setStep('sending');
    bulk.mutate(
      { card_ids: cards.map((c) => c.id), confirmed: large.filter((c) => ids.has(c.id)).map((c) => c.id), note: '' },
      {
        onSuccess: (r) => {
          setResult(r);
          setStep('result');
          onDone();
        },
        onError: () => setStep(large.length > 0 ? 'confirm' : 'result'),
      },
    );
  };

  // Straight to sending when there is nothing to warn about or confirm. Only the first
  // step can start here (the ref keeps a re-mounted effect from sending twice).
  const firstIsSending = useRef(step === 'sending');
  useEffect(() => {
    if (firstIsSending.current && !started.current) {
      started.current = true;
      send(new Set());
    }
  });

  if (step === 'warning') {
    return (
      <Dialog
        title="Before your first bulk approval"
        onClose={onClose}
        size="md"
        testId="bulk-warning"
        leading={<TriangleAlert size={20} aria-hidden="true" className="warning-icon" />}
        footer={
          <>
            <Button variant="ghost" onClick={onClose}>
              Cancel
            </Button>
            <Button
              variant="primary"
              loading={saveSettings.isPending}
              data-autofocus=""
              onClick={() => {
                saveSettings.mutate({ ...(settings ?? defaultSettings), bulk_warning_seen: true });
                setStep(large.length > 0 ? 'confirm' : 'sending');
                if (large.length === 0) send(confirmed);
              }}
            >
              I understand, continue
            </Button>
          </>
        }
      >
        <div className="confirm__text">
          <p>
            Approving {pluralize(cards.length, 'card')} at once pushes each card’s <strong>vendor quantity</strong> to the PSA,
            effective by each vendor’s billing setting. Nothing is shown again card by card.
          </p>
          <ul>
            <li>No Change cards are acknowledged: nothing is written for them.</li>
            <li>New Revenue cards need an agreement, so they are skipped: approve them with Review.</li>
            <li>Large changes are left out unless you confirm each one on the next step.</li>
            <li>Every push goes through the outbox and the Activity Log, where a push can be reverted.</li>
          </ul>
          <p className="muted">This explanation is shown once.</p>
        </div>
      </Dialog>
    );
  }

  if (step === 'confirm') {
    const toggle = (id: string, on: boolean) =>
      setConfirmed((prev) => {
        const next = new Set(prev);
        if (on) next.add(id);
        else next.delete(id);
        return next;
      });
    const included = cards.length - large.length + confirmed.size;
    return (
      <Dialog
        title={`Approve ${pluralize(cards.length, 'card')}`}
        description={`${pluralize(large.length, 'large change')} ${large.length === 1 ? 'is' : 'are'} left out unless you confirm each one.`}
        onClose={onClose}
        size="md"
        testId="bulk-confirm"
        footer={
          <>
            <Button variant="ghost" onClick={onClose}>
              Cancel
            </Button>
            <Button variant="primary" onClick={() => send(confirmed)} disabled={included === 0}>
              Approve {pluralize(included, 'card')}
            </Button>
          </>
        }
      >
        <ul className="bulk-large">
          {large.map((c) => (
            <li key={c.id}>
              <Checkbox checked={confirmed.has(c.id)} onChange={(on) => toggle(c.id, on)} label={`Include the large change of ${c.product_name} for ${c.account_name}`} />
              <span className="bulk-large__text">
                <strong>{c.account_name}</strong> · {c.product_name}
              </span>
              <span className="num bulk-large__qty">
                {formatQty(c.psa_quantity)} → {formatQty(c.vendor_quantity)}
              </span>
            </li>
          ))}
        </ul>
        {bulk.isError && <InlineAlert>Could not approve: {errorMessage(bulk.error)}</InlineAlert>}
      </Dialog>
    );
  }

  if (step === 'sending') {
    return (
      <Dialog title={`Approving ${pluralize(cards.length, 'card')}`} onClose={onClose} size="sm" testId="bulk-sending">
        <div className="loading">
          <Spinner /> Recording the decisions and their pushes…
        </div>
      </Dialog>
    );
  }

  return <BulkResult cards={cards} result={result} error={bulk.isError ? errorMessage(bulk.error) : ''} onClose={onClose} />;
}

const defaultSettings: ReconcileSettings = {
  large_change_units: 10,
  large_change_percent: 20,
  large_new_revenue_units: 10,
  billing: {},
  bulk_warning_seen: false,
};

function BulkResult({ cards, result, error, onClose }: { cards: Card[]; result: BulkApproveResult | null; error: string; onClose: () => void }) {
  const byId = new Map(cards.map((c) => [c.id, c]));
  const name = (id: string) => {
    const c = byId.get(id);
    return c ? `${c.account_name} · ${c.product_name}` : id;
  };
  const queued = (result?.approved ?? []).filter((a) => (a.pushes ?? []).some((p) => p.state === 'queued'));
  const integration = queued[0]?.pushes?.find((p) => p.state === 'queued')?.integration ?? '';
  return (
    <Dialog
      title="Bulk approval"
      onClose={onClose}
      size="md"
      testId="bulk-result"
      footer={
        <Button variant="primary" onClick={onClose} data-autofocus="">
          Done
        </Button>
      }
    >
      {error && <InlineAlert>Could not approve: {error}</InlineAlert>}
      {result && (
        <div className="bulk-result">
          <p className="bulk-result__line">
            <CircleCheck size={16} aria-hidden="true" className="success-icon" /> {pluralize(result.approved.length, 'card')} approved
          </p>
          {queued.length > 0 && (
            <p className="bulk-result__line">
              <Hourglass size={16} aria-hidden="true" className="warning-icon" /> {pluralize(queued.length, 'push', 'pushes')} queued, will be sent when {psaName(integration)} answers
            </p>
          )}
          {result.acknowledged.length > 0 && (
            <p className="bulk-result__line">
              <CircleCheck size={16} aria-hidden="true" className="muted" /> {pluralize(result.acknowledged.length, 'No Change card')} acknowledged
            </p>
          )}
          {result.skipped.length > 0 && (
            <>
              <p className="bulk-result__line">
                <SkipForward size={16} aria-hidden="true" className="warning-icon" /> {pluralize(result.skipped.length, 'card')} skipped
              </p>
              <ul className="bulk-result__skipped" data-testid="bulk-skipped">
                {result.skipped.map((s) => (
                  <li key={s.card_id}>
                    <strong>{name(s.card_id)}</strong>: {s.reason}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </Dialog>
  );
}
