import { useState } from 'react';
import type { Card } from '@/api';
import { Badge, Popover, RelativeTime } from '@/components/ui';
import { formatMoney, formatQty } from '@/lib/money';

/**
 * A card's number as a button that opens its evidence: the PSA lines or the vendor
 * subscriptions it is the sum of, each with when it was fetched. The popover is mounted on
 * the first click only (a plain button until then, with the same name and popup state):
 * a flung list mounts two of these per row in every frame.
 */
/** The number EvidenceNumber shows, as text: what a flung list shows in its place. */
export function EvidenceText({ card, side }: { card: Card; side: 'psa' | 'vendor' }) {
  return <span className="evidence-btn num">{formatQty(side === 'psa' ? card.psa_quantity : card.vendor_quantity) || '0'}</span>;
}

export function EvidenceNumber({ card, side }: { card: Card; side: 'psa' | 'vendor' }) {
  const [mounted, setMounted] = useState(false);
  const [open, setOpen] = useState(false);
  const value = side === 'psa' ? card.psa_quantity : card.vendor_quantity;
  const what = side === 'psa' ? 'PSA quantity' : 'Vendor quantity';
  const button = (onClick: (e: React.MouseEvent) => void) => (
    <button
      type="button"
      className="evidence-btn num"
      aria-label={`${what} ${formatQty(value)}: show where it comes from`}
      aria-haspopup="dialog"
      aria-expanded={open}
      data-state={open ? 'open' : 'closed'}
      onClick={onClick}
    >
      {formatQty(value) || '0'}
    </button>
  );
  if (!mounted) {
    return button((e) => {
      e.stopPropagation();
      setMounted(true);
      setOpen(true);
    });
  }
  return (
    <Popover
      label={`${what} of ${card.product_name} for ${card.account_name}`}
      width={440}
      testId={`evidence-${side}`}
      open={open}
      onOpenChange={setOpen}
      trigger={button((e) => e.stopPropagation())}
    >
      {side === 'psa' ? <PSALines card={card} /> : <VendorSources card={card} />}
    </Popover>
  );
}

function PSALines({ card }: { card: Card }) {
  if (card.psa_lines.length === 0) return <p className="muted">No PSA line bills this product for this account yet.</p>;
  return (
    <>
      <p className="popover__title">PSA lines</p>
      <ul className="evidence-list">
        {card.psa_lines.map((l) => (
          <li key={l.line_id}>
            <div className="evidence-list__main">
              <span className="evidence-list__name">{l.agreement_name || `Agreement ${l.agreement_id}`}</span>
              <span className="evidence-list__qty num">{formatQty(l.quantity)}</span>
            </div>
            <div className="evidence-list__meta">
              <span className="mono">line {l.line_id}</span>
              {l.unit_price && <span>{formatMoney(l.unit_price)} each</span>}
              {l.bill_customer && l.bill_customer !== 'Billable' && <Badge tone="neutral">{l.bill_customer}: not counted</Badge>}
              {l.less_included && l.less_included !== '0' && <span>{formatQty(l.less_included)} included</span>}
              {l.target && <Badge tone="accent">Push target</Badge>}
              <RelativeTime value={l.fetched_at} prefix="fetched " fallback="fetch time unknown" />
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}

function VendorSources({ card }: { card: Card }) {
  if (card.vendor_sources.length === 0) return <p className="muted">No vendor subscription counts this product for this account.</p>;
  return (
    <>
      <p className="popover__title">Vendor subscriptions</p>
      <ul className="evidence-list">
        {card.vendor_sources.map((s) => (
          <li key={`${s.integration_id}:${s.subscription_id}`}>
            <div className="evidence-list__main">
              <span className="evidence-list__name">
                {s.integration} · {s.account_name}
              </span>
              <span className="evidence-list__qty num">{formatQty(s.quantity)}</span>
            </div>
            <div className="evidence-list__meta">
              <span>{s.product_name}</span>
              <span className="mono">{s.subscription_id}</span>
              {s.term && <span>{s.term}</span>}
              {s.unit_cost && <span>{formatMoney(s.unit_cost)} cost</span>}
              <RelativeTime value={s.fetched_at} prefix="fetched " fallback="fetch time unknown" />
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
