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
    const byProduct = result.query.account === '';
    const title = byProduct
      ? result.ambiguous
        ? `“${result.query.product}” is on ${result.candidates.length} accounts`
        : `No line or subscription names “${result.query.product}”`
      : result.ambiguous
        ? `“${result.query.account}” matches several accounts`
        : `No account is named like “${result.query.account}”`;
    // Candidates are accounts to ask about, or (a product that matched nothing) products.
    const ask = (c: string) => (byProduct && !result.ambiguous ? { account: '', product: c } : { account: c, product: result.query.product });
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
          <ul className="explain-candidates" aria-label={byProduct && !result.ambiguous ? 'Products to try' : 'Accounts to try'}>
            {result.candidates.map((c) => (
              <li key={c}>
                <Button size="sm" variant="ghost" onClick={() => onAsk(ask(c))}>
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
