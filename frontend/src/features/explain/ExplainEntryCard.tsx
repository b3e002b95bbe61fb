import { CircleCheck, EyeOff } from 'lucide-react';
import type { ExplainEntry } from '@/api';
import { Badge } from '@/components/ui';
import { ExplainActionButton } from './ExplainActionButton';

const ENTITY_WORDS: Record<string, string> = {
  accounts: 'account',
  agreements: 'agreement',
  service_lines: 'service line',
  subscriptions: 'subscription',
};

const STATE_WORDS: Record<string, string> = {
  reconcile: 'Reconcile',
  new_revenue: 'New Revenue',
  no_change: 'No Change',
  no_vendor_data: 'No vendor data',
};

/** One answer: the record, whether it makes a card, the rule, the details and the fix. */
export function ExplainEntryCard({ entry }: { entry: ExplainEntry }) {
  const card = entry.verdict === 'card';
  const titleId = `explain-${entry.integration_id}-${entry.entity}-${entry.id}`;
  return (
    <article className={`explain-entry explain-entry--${entry.verdict}`} aria-labelledby={titleId} data-rule={entry.rule}>
      <header className="explain-entry__head">
        {card ? (
          <Badge tone="success" icon={<CircleCheck size={13} aria-hidden="true" />}>
            Makes a card
          </Badge>
        ) : (
          <Badge tone="warning" icon={<EyeOff size={13} aria-hidden="true" />}>
            Hidden
          </Badge>
        )}
        <h3 className="explain-entry__title" id={titleId}>
          {entry.name}
        </h3>
        <span className="explain-entry__where">
          {entry.integration} {ENTITY_WORDS[entry.entity] ?? entry.entity}
          {entry.side === 'psa' ? ' (PSA)' : ' (vendor)'}
          {card && entry.card_state ? ` · ${STATE_WORDS[entry.card_state] ?? entry.card_state} card ` : ''}
          {card && entry.card_id && <span className="mono">{entry.card_id}</span>}
        </span>
      </header>
      <p className="explain-entry__reason">{entry.reason}</p>
      {entry.details.length > 0 && (
        <ul className="explain-entry__details">
          {entry.details.map((d) => (
            <li key={d}>{d}</li>
          ))}
        </ul>
      )}
      {(entry.fix || entry.action) && (
        <div className="explain-entry__fix">
          {entry.fix && (
            <p>
              <strong>Fix:</strong> {entry.fix}
            </p>
          )}
          {entry.action && <ExplainActionButton entry={entry} action={entry.action} />}
        </div>
      )}
    </article>
  );
}
