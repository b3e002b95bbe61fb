import { Check, PencilLine, X } from 'lucide-react';
import type { ReactNode } from 'react';
import type { Card } from '@/api';
import { Badge, Button, Kbd, Tooltip } from '@/components/ui';
import { acknowledgeOnly, isOpen } from './cardModel';

export interface CardHandlers {
  approve(card: Card): void;
  dismiss(card: Card): void;
  review(card: Card): void;
  toggleSelect(card: Card): void;
  focus(card: Card): void;
}

function Shortcut({ tip, keyName, children }: { tip: string; keyName: string; children: ReactNode }) {
  return (
    <Tooltip
      content={
        <span>
          {tip} <Kbd>{keyName}</Kbd>
        </span>
      }
    >
      {children as React.ReactElement}
    </Tooltip>
  );
}

const DECISION: Record<string, string> = { approved: 'Approved', dismissed: 'Dismissed', acknowledged: 'Acknowledged' };

/** Approve / Dismiss / Review with their keys in the tooltips; a decided card says its decision. */
export function CardActions({ card, handlers, compact }: { card: Card; handlers: CardHandlers; compact?: boolean }) {
  if (!isOpen(card)) return <Badge tone="neutral">{DECISION[card.decision] ?? card.decision}</Badge>;
  const ackOnly = acknowledgeOnly(card);
  const approveLabel = ackOnly ? 'Acknowledge' : 'Approve';
  const approveTip =
    card.state === 'no_change'
      ? 'Nothing to push: mark it as seen'
      : card.state === 'no_vendor_data'
        ? 'No vendor counts these seats: mark them as checked (nothing is pushed)'
        : card.state === 'new_revenue'
          ? 'Choose the agreement the new line goes on'
          : `Push the vendor quantity to the PSA`;
  const stop = (f: () => void) => (e: React.MouseEvent) => {
    e.stopPropagation();
    f();
  };
  return (
    <div className="card-actions">
      <Shortcut tip={approveTip} keyName="a">
        <Button size="sm" variant="primary" icon={<Check size={14} aria-hidden="true" />} onClick={stop(() => handlers.approve(card))} aria-label={`${approveLabel} ${card.product_name} for ${card.account_name}`}>
          {compact ? null : approveLabel}
        </Button>
      </Shortcut>
      <Shortcut tip="Hide it until the next billing cycle, or until a quantity changes" keyName="d">
        <Button size="sm" variant="ghost" icon={<X size={14} aria-hidden="true" />} onClick={stop(() => handlers.dismiss(card))} aria-label={`Dismiss ${card.product_name} for ${card.account_name}`}>
          {compact ? null : 'Dismiss'}
        </Button>
      </Shortcut>
      {!ackOnly && (
        <Shortcut tip="Edit the quantity, effective date or target, then approve" keyName="r">
          <Button size="sm" variant="ghost" icon={<PencilLine size={14} aria-hidden="true" />} onClick={stop(() => handlers.review(card))} aria-label={`Review ${card.product_name} for ${card.account_name}`}>
            {compact ? null : 'Review'}
          </Button>
        </Shortcut>
      )}
    </div>
  );
}
