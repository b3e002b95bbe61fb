// Fixtures of the Mapping and Reconcile screens (shapes: internal/workspace/trueup_dto.go).
import type {
  ApprovePreview,
  ApproveResult,
  Card,
  CardList,
  CardLine,
  CardSource,
  MappingList,
  MappingRow,
  MappingSuggestion,
  PlannedWrite,
  PushEntry,
  ReconcileSettings,
  InvoiceTemplateSettings,
  UnmappedCount,
} from '@/api/trueupTypes';

export function makeSuggestion(over: Partial<MappingSuggestion> = {}): MappingSuggestion {
  return {
    psa_integration_id: 1,
    psa_id: '250',
    psa_name: 'Eastgate Property Management',
    match: 'exact',
    score: 1,
    reason: 'same name',
    ...over,
  };
}

export function makeMappingRow(over: Partial<MappingRow> = {}): MappingRow {
  return {
    integration_id: 2,
    integration: 'Pax8',
    kind: 'account',
    vendor_id: 'v-1',
    vendor_name: 'Eastgate Property Management',
    state: 'unmapped',
    psa_integration_id: 0,
    psa_id: '',
    psa_name: '',
    suggestions: [],
    gone: false,
    subscriptions: 0,
    monthly_cost: '0',
    ...over,
  };
}

export function makeUnmapped(over: Partial<UnmappedCount> = {}): UnmappedCount {
  return {
    integration_id: 2,
    integration: 'Pax8',
    accounts: 0,
    products: 0,
    subscriptions: 0,
    monthly_cost: '0',
    ...over,
  };
}

export function makeMappingList(over: Partial<MappingList> = {}): MappingList {
  return { rows: [], unmapped: [], ...over };
}

export function makeCardLine(over: Partial<CardLine> = {}): CardLine {
  return {
    line_id: '9001',
    agreement_id: '77',
    agreement_name: 'Managed Services',
    quantity: '25',
    less_included: '0',
    bill_customer: 'Billable',
    unit_price: '22',
    target: true,
    fetched_at: '2026-03-04T09:01:05Z',
    ...over,
  };
}

export function makeCardSource(over: Partial<CardSource> = {}): CardSource {
  return {
    integration_id: 2,
    integration: 'Pax8',
    subscription_id: 'sub-1',
    account_id: 'p-1',
    account_name: 'Contoso',
    product_id: 'prod-1',
    product_name: 'Microsoft 365 Business Premium',
    quantity: '27',
    term: 'Monthly',
    unit_cost: '18.50',
    fetched_at: '2026-03-04T09:02:00Z',
    ...over,
  };
}

export function makeCard(over: Partial<Card> = {}): Card {
  return {
    id: '00000000000000a1',
    state: 'reconcile',
    psa_integration_id: 1,
    account_name: 'Contoso',
    psa_account_id: '250',
    product_name: 'Microsoft 365 Business Premium',
    psa_product_id: '31',
    psa_quantity: '25',
    vendor_quantity: '27',
    difference: '2',
    unit_price: '22',
    monthly_impact: '44',
    vendor_unit_cost: '18.50',
    margin: '3.50',
    flags: [],
    note: '',
    decision: 'open',
    vendors: ['Pax8'],
    psa_lines: [makeCardLine()],
    vendor_sources: [makeCardSource()],
    ...over,
  };
}

export function makeCardList(over: Partial<CardList> = {}): CardList {
  const cards = over.cards ?? [];
  return {
    cycle: '2026-03',
    cards,
    totals: { cards: cards.length, by_state: {}, revenue_added: '0', revenue_removed: '0' },
    freshness: [],
    sync_running: false,
    ...over,
  };
}

export function makeWrite(over: Partial<PlannedWrite> = {}): PlannedWrite {
  return {
    kind: 'quantity',
    method: 'PATCH',
    path: '/finance/agreements/77/additions/9001',
    body: '[{"op":"replace","path":"quantity","value":27}]',
    preview: 'PATCH addition 9001 on agreement "Managed Services": quantity 25 -> 27',
    agreement_name: 'Managed Services',
    invoice_description: '',
    has_invoice_description: false,
    ...over,
  };
}

export function makePreview(over: Partial<ApprovePreview> = {}): ApprovePreview {
  return {
    card_id: '00000000000000a1',
    writes: [makeWrite()],
    effective: '2026-04-01',
    prorated: false,
    explanation: 'The agreement does not prorate: ConnectWise bills the new quantity from its next invoice.',
    large: false,
    agreements: [],
    ...over,
  };
}

export function makePushEntry(over: Partial<PushEntry> = {}): PushEntry {
  return {
    id: 1,
    decision_id: 1,
    card_id: '00000000000000a1',
    integration: 'ConnectWise',
    state: 'queued',
    revert: false,
    preview: 'PATCH addition 9001: quantity 25 -> 27',
    attempts: 0,
    next_attempt_at: '',
    waiting: '',
    last_error: '',
    updated_at: '2026-03-04T10:00:00Z',
    ...over,
  };
}

export function makeApproveResult(over: Partial<ApproveResult> = {}): ApproveResult {
  return {
    card_id: '00000000000000a1',
    decision_id: 1,
    decision: 'approved',
    writes: [makeWrite()],
    pushes: [makePushEntry({ state: 'pushed' })],
    dry_run: false,
    message: 'Pushed to ConnectWise.',
    ...over,
  };
}

export function makeReconcileSettings(over: Partial<ReconcileSettings> = {}): ReconcileSettings {
  return {
    large_change_units: 10,
    large_change_percent: 20,
    large_new_revenue_units: 10,
    billing: {},
    bulk_warning_seen: false,
    ...over,
  };
}

export function makeInvoiceTemplates(over: Partial<InvoiceTemplateSettings> = {}): InvoiceTemplateSettings {
  return {
    template: '',
    placeholders: ['{product}', '{quantity}', '{period_start}', '{period_end}', '{subscription_id}', '{account}', '{vendor}'],
    psas: [
      {
        integration_id: 1,
        name: 'ConnectWise Manage',
        kind: 'connectwise',
        override: '',
        applies: over.template ?? '',
        field: "ConnectWise's addition invoiceDescription",
        limit: 6000,
      },
    ],
    ...over,
  };
}
