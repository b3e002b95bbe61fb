import { useState } from 'react';
import { errorMessage, type ExplainRequest } from '@/api';
import { useNavigation } from '@/app/navigation';
import { InlineAlert, PageHeader, Spinner } from '@/components/ui';
import { ExplainResults } from './ExplainResults';
import { ExplainSearch } from './ExplainSearch';
import { useExplain } from './useExplain';
import './explain.css';

/**
 * "Why isn't it showing?": for any account (and product) in the cache, which record makes
 * which card and which rule keeps each other one out, with the fix. The answer is Go's
 * (ReconcileService.Explain): this page only asks and shows.
 */
export function ExplainPage() {
  const nav = useNavigation();
  const [asked, setAsked] = useState<ExplainRequest | null>(nav.query ? { account: nav.query, product: '' } : null);
  const answer = useExplain(asked);

  return (
    <>
      <PageHeader
        title="Why isn't it showing?"
        description="Search any customer or product: TrueUp says which rule keeps it off the cards (or which card it makes, and why its numbers are what they are), with the fix."
      />
      <ExplainSearch key={asked ? `${asked.account}\u0000${asked.product}` : ''} initial={asked ?? { account: '', product: '' }} busy={answer.isFetching} onAsk={setAsked} />
      {answer.isPending && asked && (
        <div className="loading">
          <Spinner /> Reading the cache…
        </div>
      )}
      {answer.isError && <InlineAlert>Could not explain it: {errorMessage(answer.error)}</InlineAlert>}
      {answer.data && asked && <ExplainResults result={answer.data} onAsk={setAsked} />}
    </>
  );
}
