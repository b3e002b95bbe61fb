import type { Card } from '@/api';
import { Badge } from '@/components/ui';
import { flagInfo } from './cardModel';

/** The card's flags as badges; the note flag carries the note's text. */
export function CardFlags({ card, max }: { card: Card; max?: number }) {
  const flags = max !== undefined ? card.flags.slice(0, max) : card.flags;
  const hidden = card.flags.length - flags.length;
  if (card.flags.length === 0) return null;
  return (
    <div className="card-flags" data-testid="card-flags">
      {flags.map((f) => {
        const info = flagInfo(f, card.note);
        return (
          <Badge key={f} tone={info.tone} title={info.help} className={`flag flag--${f}`}>
            {info.label}
          </Badge>
        );
      })}
      {hidden > 0 && (
        <Badge tone="neutral" title={card.flags.slice(flags.length).map((f) => flagInfo(f, card.note).label).join(' · ')}>
          +{hidden}
        </Badge>
      )}
    </div>
  );
}
