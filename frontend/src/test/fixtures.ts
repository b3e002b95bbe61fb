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
      { key: 'company_id', label: 'Company ID', help: 'The company you log in with', required: true, placeholder: 'acme' },
    ],
    secrets: [
      { key: 'public_key', label: 'Public key', help: '', required: true, placeholder: '' },
      { key: 'private_key', label: 'Private key', help: '', required: true, placeholder: '' },
    ],
    change_filter: true,
    default_concurrency: 4,
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

export function makeInfo(over: Partial<WorkspaceInfo> = {}): WorkspaceInfo {
  return {
    demo: false,
    data_dir: '/home/me/.config/TrueUp',
    has_own_integrations: true,
    version: '0.1.0',
    secrets_store: 'keychain',
    secrets_note: "Credentials are kept in the OS keychain, never in TrueUp's data folder.",
    ...over,
  };
}
