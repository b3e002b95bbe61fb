import { useCallback } from 'react';
import type { ApproveResult, Card } from '@/api';
import { useNotices } from '@/components/ui';
import { psaName } from './cardModel';

/** One sentence per approval: pushed, queued (the PSA did not answer), or why it failed. */
export function approvalSentence(card: Pick<Card, 'account_name' | 'product_name'>, result: ApproveResult): { ok: boolean; text: string } {
  const what = `${card.product_name} for ${card.account_name}`;
  if (result.decision === 'acknowledged') return { ok: true, text: `Acknowledged ${what}: nothing to push` };
  const pushes = result.pushes ?? [];
  const bad = pushes.find((p) => p.state === 'failed' || p.state === 'conflict');
  if (bad) return { ok: false, text: `Approved ${what}, but the push ${bad.state === 'conflict' ? 'met a conflict' : 'failed'}${bad.last_error ? `: ${bad.last_error}` : ''}` };
  const queued = pushes.find((p) => p.state === 'queued' || p.state === 'sending');
  if (queued) return { ok: true, text: `Approved ${what}: queued, will be sent when ${psaName(queued.integration)} answers` };
  return { ok: true, text: result.message || `Approved ${what}` };
}

export function useApprovalReport() {
  const notices = useNotices();
  return useCallback(
    (card: Card, result: ApproveResult) => {
      const s = approvalSentence(card, result);
      if (s.ok) notices.success(s.text);
      else notices.error('The push did not go through', new Error(s.text));
    },
    [notices],
  );
}
