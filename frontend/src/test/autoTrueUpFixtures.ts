// Fixtures of the automatic true-up panel (shapes of internal/workspace/autotrueup_dto.go).
import type { AutoTrueUpItem, AutoTrueUpRun, AutoTrueUpSettings } from '@/api/autoTrueUpTypes';

export function makeAutoItem(over: Partial<AutoTrueUpItem> = {}): AutoTrueUpItem {
  return {
    card_id: '5ac3366f48254809',
    account_name: 'Blue Harbor Logistics',
    product_name: 'M365 Business Premium',
    action: 'decrease',
    psa_quantity: '42',
    vendor_quantity: '41',
    quantity: '41',
    effective_date: '2026-12-01',
    prorated: false,
    reason: 'in advance: the change bills from the next period',
    writes: [
      {
        kind: 'quantity',
        method: 'PATCH',
        path: '/finance/agreements/1005/additions/5015',
        body: '[{"op":"replace","path":"quantity","value":41}]',
        preview: 'PATCH addition 5015 on agreement "Managed Services": quantity 42 -> 41, effective 2026-12-01',
        agreement_name: 'Managed Services',
      },
    ],
    pushes: [],
    ...over,
  } as AutoTrueUpItem;
}

export function makeAutoRun(over: Partial<AutoTrueUpRun> = {}): AutoTrueUpRun {
  return {
    integration_id: 2,
    integration: 'Pax8',
    at: '2026-11-16T15:00:00Z',
    cycle: '2026-11',
    dry_run: true,
    account: '',
    pushed: 0,
    waiting: 1,
    refused: false,
    note: 'dry run: 1 change would be pushed; approve the plan to push them and enable automatic runs, 53 cards match',
    items: [makeAutoItem()],
    ...over,
  };
}

export function makeAutoSettings(over: Partial<AutoTrueUpSettings> = {}): AutoTrueUpSettings {
  return {
    integration_id: 2,
    integration: 'Pax8',
    enabled: false,
    billing_style: 'advance',
    prorate: false,
    dry_run_approved: false,
    refusal: '',
    agreements: [],
    plan: null,
    last_run: null,
    ...over,
  };
}
