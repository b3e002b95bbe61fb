import { SearchX } from 'lucide-react';
import type { ExplainRequest, ExplainResult } from '@/api';
import { Button, EmptyState } from '@/components/ui';
import { ExplainEntryCard } from './ExplainEntryCard';

/**
 * The answers, or, when nothing (or several different accounts) matched, what was searched
 * and the names to try, each one click away.
 */
export function ExplainResults({ result, onAsk }: { result: ExplainResult; onAsk: (req: ExplainRequest) => void }) {
  if (result.entries.length === 0) {
    const title = result.ambiguous ? `“${result.query.account}” matches several accounts` : `No account is named like “${result.query.account}”`;
    return (
      <EmptyState icon={<SearchX size={22} />} title={title}>
        <p>
          {result.ambiguous
            ? 'Choose one:'
            : result.searched.length > 0
              ? `Searched the cached data of ${result.searched.join(', ')}.${result.candidates.length > 0 ? ' Did you mean:' : ' Check the name, or sync the integration that holds it.'}`
              : 'Nothing is cached yet: sync your integrations first.'}
        </p>
        {result.candidates.length > 0 && (
          <ul className="explain-candidates" aria-label="Accounts to try">
            {result.candidates.map((c) => (
              <li key={c}>
                <Button size="sm" variant="ghost" onClick={() => onAsk({ account: c, product: result.query.product })}>
                  {c}
                </Button>
              </li>
            ))}
          </ul>
        )}
      </EmptyState>
    );
  }
  const hidden = result.entries.filter((e) => e.verdict === 'hidden').length;
  return (
    <section aria-label="Answers" className="explain-results">
      <p className="explain-results__summary" role="status">
        {result.matched.join(', ')}: {result.entries.length - hidden} on cards, {hidden} hidden.
      </p>
      {result.entries.map((e) => (
        <ExplainEntryCard key={`${e.integration_id}:${e.entity}:${e.id}`} entry={e} />
      ))}
    </section>
  );
}
