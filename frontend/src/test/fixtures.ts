import type { BackupInfo } from '@/api/backupTypes';
import type { OSTaskInfo, ScheduleList, ScheduleRow } from '@/api/scheduleTypes';
import type {
  Integration,
  IntegrationStatus,
  KindInfo,
  Line,
  LinesResult,
  LogLine,
  Run,
  StatusSnapshot,
  WorkspaceInfo,
} from '@/api/types';
import type {
  CostRow,
  LedgerEntry,
  MonthProgress,
  PlannedWrite,
  PushResult,
  RevertPreview,
  SanityCard,
  SanityCheck,
} from '@/api/ledgerTypes';
import { makeWrite } from './trueupFixtures';

export const NOW_ISO = '2026-03-04T10:00:00Z';

export function makeIntegration(over: Partial<Integration> = {}): Integration {
  return {
    id: 1,
    name: 'ConnectWise',
    kind: 'connectwise',
    kind_label: 'ConnectWise Manage',
    role: 'psa',
    base_url: 'https://api-na.myconnectwise.net',
    settings: { company_id: 'acme' },
    concurrency: 4,
    secrets_set: true,
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    ...over,
  };
}

export function makeRun(over: Partial<Run> = {}): Run {
  return {
    id: 10,
    integration_id: 1,
    integration_name: 'ConnectWise',
    kind: 'connectwise',
    role: 'psa',
    mode: 'quick',
    since: '',
    status: 'succeeded',
    queued_at: '2026-03-04T09:00:00Z',
    started_at: '2026-03-04T09:00:05Z',
    finished_at: '2026-03-04T09:01:05Z',
    section: '',
    progress_done: 0,
    progress_total: 0,
    percent: 100,
    added: 3,
    updated: 1,
    removed: 0,
    requests: 12,
    error: '',
    waiting: '',
    note: '',
    stuck: false,
    stuck_reason: '',
    nothing_new: false,
    sections: [],
    ...over,
  };
}

export function makeRow(over: Partial<IntegrationStatus> = {}): IntegrationStatus {
  const integration = over.integration ?? makeIntegration();
  return {
    integration,
    latest_run: undefined,
    last_fetched_at: '',
    last_success_at: '',
    newest_source_at: '',
    default_since: '',
    counts: { accounts: 0, agreements: 0, service_lines: 0, subscriptions: 0 },
    busy: false,
    next_run_at: '',
    next_run_label: '',
    push_note: '',
    ...over,
  };
}

export function makeSnapshot(over: Partial<StatusSnapshot> = {}): StatusSnapshot {
  return { seq: 0, generated_at: NOW_ISO, integrations: [], recent: [], ...over };
}

export function makeKind(over: Partial<KindInfo> = {}): KindInfo {
  return {
    kind: 'connectwise',
    label: 'ConnectWise Manage',
    role: 'psa',
    default_base_url: 'https://api-na.myconnectwise.net',
    base_url_help: 'Your ConnectWise cloud region or on-premises server.',
    settings: [
      { key: 'company_id', label: 'Company ID', help: 'The company you log in with', required: true, placeholder: 'acme', managed: false },
    ],
    secrets: [
      { key: 'public_key', label: 'Public key', help: '', required: true, placeholder: '', managed: false },
      { key: 'private_key', label: 'Private key', help: '', required: true, placeholder: '', managed: false },
    ],
    change_filter: true,
    default_concurrency: 4,
    no_server: false,
    no_secret: false,
    ...over,
  };
}

export function makeLine(over: Partial<Line> = {}): Line {
  return {
    id: 'l1',
    account_id: 'a1',
    account_name: 'Contoso',
    agreement_id: 'ag1',
    agreement_name: 'Managed Services',
    service_name: 'Microsoft 365 Business Premium',
    quantity: 25,
    status: '',
    updated_at: '2026-03-01T00:00:00Z',
    visible: true,
    hidden_reason: '',
    ...over,
  };
}

export function makeLines(over: Partial<LinesResult> = {}): LinesResult {
  return {
    integration_id: 1,
    integration_name: 'ConnectWise',
    role: 'psa',
    last_fetched_at: '2026-03-04T09:01:05Z',
    lines: [],
    visible: 0,
    hidden: 0,
    ...over,
  };
}

export function makeLog(over: Partial<LogLine> = {}): LogLine {
  return { at: '2026-03-04T09:00:06.123Z', level: 'info', section: 'companies', message: 'Reading companies', ...over };
}

export function makeBackup(over: Partial<BackupInfo> = {}): BackupInfo {
  return {
    name: 'trueup-2026-12-02T030000Z-daily.db',
    path: '/home/me/.config/TrueUp/backups/trueup-2026-12-02T030000Z-daily.db',
    at: '2026-12-02T03:00:00Z',
    kind: 'daily',
    size: 2_400_000,
    schema_version: 6,
    integrity_ok: true,
    ...over,
  };
}

export function makeInfo(over: Partial<WorkspaceInfo> = {}): WorkspaceInfo {
  return {
    demo: false,
    data_dir: '/home/me/.config/TrueUp',
    has_own_integrations: true,
    version: '0.1.0',
    secrets_store: 'keychain',
    secrets_note: "Credentials are kept in the OS keychain, never in TrueUp's data folder.",
    demo_psa: '',
    demo_psas: [{ kind: 'connectwise', name: 'ConnectWise Manage' }],
    ...over,
  };
}

// --- Activity Log, Costs, Sanity check, guided month (G2) ---

export function makeLedgerEntry(over: Partial<LedgerEntry> = {}): LedgerEntry {
  return {
    id: 1,
    kind: 'push',
    at: '2026-03-04T09:30:00Z',
    action: 'push',
    card_id: '0123456789abcdef',
    cycle: '2026-03',
    account_name: 'Contoso',
    product_name: 'Microsoft 365 Business Premium',
    agreement_name: 'Managed Services',
    line_id: '501',
    vendors: ['Pax8'],
    before: '25',
    after: '27',
    effective_date: '2026-04-01',
    state: 'pushed',
    psa_response: '200 OK, addition 501, quantity 27',
    note: '',
    user: 'sam',
    automatic: false,
    revertible: false,
    ...over,
  };
}

/** The write that undoes makeLedgerEntry's push (addition 501 back from 27 to 25). */
export function makeRevertWrite(over: Partial<PlannedWrite> = {}): PlannedWrite {
  return makeWrite({
    path: '/finance/agreements/77/additions/501',
    body: '[{"op":"replace","path":"quantity","value":25}]',
    preview: 'PATCH addition 501 on "Managed Services": quantity 27 -> 25',
    ...over,
  });
}

export function makeRevertPreview(over: Partial<RevertPreview> = {}): RevertPreview {
  return { push_id: 1, writes: [makeRevertWrite()], changed: false, current: '27', message: '', ...over };
}

export function makePushResult(over: Partial<PushResult> = {}): PushResult {
  return {
    card_id: '0123456789abcdef',
    decision_id: 2,
    decision: 'approved',
    writes: [makeWrite()],
    pushes: [],
    dry_run: false,
    message: 'Queued.',
    ...over,
  };
}

export function makeCostRow(over: Partial<CostRow> = {}): CostRow {
  return {
    psa_integration_id: 1,
    psa_product_id: '900',
    product_name: 'Microsoft 365 Business Premium',
    catalog_cost: '20.00',
    catalog_price: '26.00',
    vendor_cost: '22.00',
    margin: '4.00',
    margin_percent: '15.38',
    seats: '52',
    subscriptions: 3,
    drift: true,
    ...over,
  };
}

export function makeSanityCard(over: Partial<SanityCard> = {}): SanityCard {
  return {
    id: '0123456789abcdef',
    state: 'reconcile',
    psa_integration_id: 1,
    account_name: 'Contoso',
    psa_account_id: '19',
    product_name: 'Microsoft 365 Business Premium',
    psa_product_id: '900',
    psa_quantity: '25',
    vendor_quantity: '27',
    difference: '2',
    unit_price: '26.00',
    monthly_impact: '52.00',
    vendor_unit_cost: '22.00',
    margin: '4.00',
    flags: [],
    note: '',
    decision: 'approved',
    vendors: ['Pax8'],
    psa_lines: [],
    vendor_sources: [],
    ...over,
  };
}

export function makeSanityCheck(over: Partial<SanityCheck> = {}): SanityCheck {
  return {
    cycle: '2026-03',
    increases: [],
    new_revenue_open: [],
    pushes: [],
    revenue_added: '0',
    revenue_removed: '0',
    by_vendor: [],
    ...over,
  };
}

export function makeMonthProgress(over: Partial<MonthProgress> = {}): MonthProgress {
  return {
    cycle: '2026-03',
    step: 'mapping',
    started_at: '',
    done_at: '',
    unmapped: [],
    freshness: [],
    open_cards: 0,
    pushed: 0,
    summary: '',
    ...over,
  };
}

export function makeScheduleRow(over: Partial<ScheduleRow> = {}): ScheduleRow {
  return {
    integration_id: 0,
    integration: '',
    stream: 'psa',
    source: 'stream',
    cadence: 'weekly tue',
    weekday: 'tue',
    day: 0,
    mode: 'quick',
    full_first_of_month: false,
    description: 'weekly on Tuesday at 07:00 UTC, quick',
    next_runs: ['2026-12-08T07:00:00Z'],
    next_run_labels: ['Tue 8 Dec 08:00 (07:00 UTC)'],
    last_run_at: '',
    last_due_at: '',
    missed: [],
    recommendation: '',
    ...over,
  };
}

export function makeScheduleList(over: Partial<ScheduleList> = {}): ScheduleList {
  return { rows: [], time_zone: 'Europe/Berlin', ...over };
}

export function makeOSTask(over: Partial<OSTaskInfo> = {}): OSTaskInfo {
  return {
    state: 'not_registered',
    platform: 'systemd user timer',
    location: '/home/jo/.config/systemd/user/trueup-sync.timer',
    detail: '',
    command: '/usr/bin/trueup sync --scheduled',
    schedules: 1,
    ...over,
  };
}
