import { ChevronDown, Sparkles } from 'lucide-react';
import type { MappingSuggestion } from '@/api';
import { Badge, Button, Kbd, Popover, Tooltip } from '@/components/ui';

function scoreText(s: MappingSuggestion): string {
  return s.score.toFixed(2);
}

export function MatchBadge({ s }: { s: MappingSuggestion }) {
  return s.match === 'exact' ? (
    <Badge tone="success" title="Equal after normalising case, punctuation and company suffixes, or the same identifier">
      Exact
    </Badge>
  ) : (
    <Badge tone="warning" title={s.reason || `Similarity ${scoreText(s)}`}>
      ~ {scoreText(s)}
    </Badge>
  );
}

/** The best suggestion with one-click accept, the others in a popover. */
export function SuggestionCell({
  vendorName,
  suggestions,
  onAccept,
  busy,
}: {
  vendorName: string;
  suggestions: MappingSuggestion[];
  onAccept: (s: MappingSuggestion) => void;
  busy?: boolean;
}) {
  const [top, ...rest] = suggestions;
  if (!top) return <span className="muted">No suggestion: choose a target</span>;
  return (
    <div className="suggestion">
      <div className="suggestion__main">
        <Tooltip
          content={
            <span>
              Map to {top.psa_name} <Kbd>Enter</Kbd>
            </span>
          }
        >
          <Button
            size="sm"
            variant="secondary"
            icon={<Sparkles size={14} aria-hidden="true" />}
            onClick={() => onAccept(top)}
            loading={busy}
            aria-label={`Accept ${top.psa_name} for ${vendorName}`}
            data-testid="accept-suggestion"
          >
            {top.psa_name}
          </Button>
        </Tooltip>
        <MatchBadge s={top} />
        {rest.length > 0 && (
          <Popover
            label={`Other suggestions for ${vendorName}`}
            width={380}
            trigger={
              <button type="button" className="link-btn" aria-label={`${rest.length} more suggestions for ${vendorName}`}>
                +{rest.length} more <ChevronDown size={12} aria-hidden="true" />
              </button>
            }
          >
            <p className="popover__title">Other suggestions</p>
            <ul className="suggestion__alternatives">
              {rest.map((s) => (
                <li key={`${s.psa_integration_id}:${s.psa_id}`}>
                  <div className="suggestion__alt-text">
                    <span className="suggestion__alt-name">{s.psa_name}</span>
                    {s.reason && <span className="suggestion__reason">{s.reason}</span>}
                  </div>
                  <MatchBadge s={s} />
                  <Button size="sm" onClick={() => onAccept(s)} aria-label={`Accept ${s.psa_name} for ${vendorName}`}>
                    Accept
                  </Button>
                </li>
              ))}
            </ul>
          </Popover>
        )}
      </div>
      {top.match === 'fuzzy' && top.reason && <span className="suggestion__reason">{top.reason}</span>}
    </div>
  );
}
