// Server state of the Explain panel. Its keys live under the cards' ('cards', ...): every
// mapping change, sync and push that re-reads the cards re-reads the answer too.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, trueupKeys, type ExplainRequest } from '@/api';

const explainKeys = {
  answer: (req: ExplainRequest) => [...trueupKeys.cardsAll, 'explain', req.account, req.product] as const,
  names: [...trueupKeys.cardsAll, 'explain-names'] as const,
};

/** The answer for req; nothing is asked until there is an account or a product to ask about. */
export function useExplain(req: ExplainRequest | null) {
  return useQuery({
    queryKey: explainKeys.answer(req ?? { account: '', product: '' }),
    queryFn: () => api.reconcile.explain(req!),
    enabled: req !== null && (req.account.trim() !== '' || req.product.trim() !== ''),
    placeholderData: keepPreviousData,
  });
}

/** Every cached account and product name, for type-ahead. */
export function useExplainNames() {
  return useQuery({ queryKey: explainKeys.names, queryFn: () => api.reconcile.explainNames(), staleTime: 60_000 });
}
