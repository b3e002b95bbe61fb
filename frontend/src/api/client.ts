// The ONLY module that imports the generated Wails bindings. Every call is wrapped so it
// rejects with an ApiError carrying the backend's message. Components and hooks use the
// `api` object (tests replace this module with src/test/fakeApi.ts).
import * as BackupService from '../../wailsjs/go/app/BackupService';
import * as DataService from '../../wailsjs/go/app/DataService';
import * as IntegrationService from '../../wailsjs/go/app/IntegrationService';
import * as MappingService from '../../wailsjs/go/app/MappingService';
import * as MonthService from '../../wailsjs/go/app/MonthService';
import * as PushService from '../../wailsjs/go/app/PushService';
import * as ReconcileService from '../../wailsjs/go/app/ReconcileService';
import * as ScheduleService from '../../wailsjs/go/app/ScheduleService';
import * as ScheduleTaskService from '../../wailsjs/go/app/ScheduleTaskService';
import * as SyncService from '../../wailsjs/go/app/SyncService';
import * as WorkspaceService from '../../wailsjs/go/app/WorkspaceService';
import { app, workspace } from '../../wailsjs/go/models';
import { EventsOn } from '../../wailsjs/runtime/runtime';
import type { BackupInfo, Recovery, RestoreResult } from './backupTypes';
import type { OSTaskInfo, ScheduleInput, ScheduleList } from './scheduleTypes';
import { ApiError, toApiError } from './errors';
import type {
  Integration,
  IntegrationInput,
  KeychainState,
  KindInfo,
  LinesResult,
  LogLine,
  LogPage,
  Run,
  StatusSnapshot,
  SyncEvent,
  SyncMode,
  SyncRequest,
  SyncScope,
  TestResult,
  WorkspaceInfo,
} from './types';
import { EVENT_KEYCHAIN_CHANGED, EVENT_SYNC_CHANGED, EVENT_WORKSPACE_CHANGED } from './types';
// --- true-up: Mapping and Reconcile (G1) ---
import type {
  AccountNoteInput,
  ApprovePreview,
  ApproveRequest,
  ApproveResult,
  BulkApproveRequest,
  BulkApproveResult,
  CardList,
  CardQuery,
  MappingKind,
  MappingList,
  MappingRow,
  MapRequest,
  PSAOption,
  ReconcileSettings,
} from './trueupTypes';
import type { ExplainNames, ExplainRequest, ExplainResult } from './explainTypes';

/** Go sends nil slices as null: the screens can rely on arrays. */
function normalizeInfo(info: WorkspaceInfo): WorkspaceInfo {
  return { ...info, demo_psas: info.demo_psas ?? [] };
}

/** Go sends nil slices as null: the screens can rely on arrays. */
function normalizeCard<T extends { flags: string[]; vendors: string[]; psa_lines: unknown[]; vendor_sources: unknown[] }>(
  card: T,
): T {
  return {
    ...card,
    flags: card.flags ?? [],
    vendors: card.vendors ?? [],
    psa_lines: card.psa_lines ?? [],
    vendor_sources: card.vendor_sources ?? [],
  };
}
// --- end true-up: Mapping and Reconcile ---
import type {
  CostRow,
  LedgerEntry,
  LedgerQuery,
  MonthProgress,
  PushEntry,
  PushResult,
  RevertPreview,
  SanityCheck,
} from './ledgerTypes';
import { EVENT_PUSH_CHANGED } from './ledgerTypes';

interface WailsWindow {
  go?: unknown;
  runtime?: unknown;
}

function wails(): WailsWindow {
  return (typeof window === 'undefined' ? {} : window) as unknown as WailsWindow;
}

async function call<T>(fn: () => Promise<T>): Promise<T> {
  if (!wails().go) {
    throw new ApiError('The TrueUp backend is not connected: open this page from the TrueUp app.');
  }
  try {
    return await fn();
  } catch (reason) {
    throw toApiError(reason);
  }
}

function subscribe(name: string, handler: (...data: unknown[]) => void): () => void {
  if (!wails().runtime) return () => undefined;
  return EventsOn(name, handler);
}

export interface Api {
  sync: {
    status(): Promise<StatusSnapshot>;
    run(runId: number): Promise<Run>;
    log(runId: number): Promise<LogLine[]>;
    /** Up to limit lines after the first offset ones; next is the offset to ask next. */
    logPage(runId: number, offset: number, limit: number): Promise<LogPage>;
    start(req: SyncRequest): Promise<Run[]>;
    syncAll(scope: SyncScope, mode: SyncMode): Promise<Run[]>;
    cancel(runId: number): Promise<void>;
    retry(runId: number): Promise<Run>;
  };
  integrations: {
    kinds(): Promise<KindInfo[]>;
    list(): Promise<Integration[]>;
    add(input: IntegrationInput): Promise<Integration>;
    update(id: number, input: IntegrationInput): Promise<Integration>;
    remove(id: number): Promise<void>;
    setSecrets(id: number, secrets: Record<string, string>): Promise<void>;
    test(id: number): Promise<TestResult>;
  };
  data: {
    lines(integrationId: number, includeHidden: boolean): Promise<LinesResult>;
  };
  workspace: {
    info(): Promise<WorkspaceInfo>;
    /** Opens the demo on the PSA chosen last (ConnectWise at first). */
    useDemo(): Promise<WorkspaceInfo>;
    /** Re-opens the demo on the PSA of kind (one of WorkspaceInfo.demo_psas), in place. */
    useDemoPSA(kind: string): Promise<WorkspaceInfo>;
    useOwn(): Promise<WorkspaceInfo>;
    /** Whether a keychain call waits for the user to unlock the OS keychain. */
    keychainState(): Promise<KeychainState>;
  };
  events: {
    /** Subscribes to "sync:changed"; returns the unsubscribe function. */
    onSyncChanged(handler: (event: SyncEvent) => void): () => void;
    /** Subscribes to "workspace:changed" (payload: demo). */
    onWorkspaceChanged(handler: (demo: boolean) => void): () => void;
    /** Subscribes to "keychain:changed" (payload: KeychainState). */
    onKeychainChanged(handler: (state: KeychainState) => void): () => void;
  };
  // --- true-up: Mapping and Reconcile (G1) ---
  mappings: {
    /** Vendor accounts and products of one vendor integration (0: every one). */
    list(integrationId: number, unmappedOnly: boolean): Promise<MappingList>;
    map(req: MapRequest): Promise<MappingRow>;
    /** Accepts every exact suggestion; resolves to how many it accepted. */
    acceptExact(integrationId: number): Promise<number>;
    /** PSA accounts or catalog products whose name matches query (the target picker). */
    options(psaIntegrationId: number, kind: MappingKind, query: string): Promise<PSAOption[]>;
    setAccountNote(input: AccountNoteInput): Promise<void>;
  };
  reconcile: {
    cards(query: CardQuery): Promise<CardList>;
    preview(req: ApproveRequest): Promise<ApprovePreview>;
    approve(req: ApproveRequest): Promise<ApproveResult>;
    bulkApprove(req: BulkApproveRequest): Promise<BulkApproveResult>;
    dismiss(cardIds: string[], note: string): Promise<void>;
    /** Marks No Change cards as seen; resolves to how many. */
    acknowledge(cardIds: string[]): Promise<number>;
    settings(): Promise<ReconcileSettings>;
    setSettings(settings: ReconcileSettings): Promise<ReconcileSettings>;
    /** "Why isn't it showing?": each cached record's card or hiding rule, with the fix. */
    explain(req: ExplainRequest): Promise<ExplainResult>;
    /** Every cached account and product name, for the Explain panel's type-ahead. */
    explainNames(): Promise<ExplainNames>;
  };
  // --- end true-up: Mapping and Reconcile ---
  // --- Activity Log, Costs, Sanity check, guided month (G2) ---
  pushes: {
    /** The pushes not done yet, and this cycle's others, with their state. */
    outbox(): Promise<PushEntry[]>;
    /** Sends the queued pushes at once, ignoring the retry backoff. */
    sendNow(): Promise<PushEntry[]>;
    /** Decisions and pushes matching q, newest first. */
    ledger(q: LedgerQuery): Promise<LedgerEntry[]>;
    /** The same entries as CSV text, for the export. */
    ledgerCSV(q: LedgerQuery): Promise<string>;
    revertPreview(pushId: number): Promise<RevertPreview>;
    /** confirmChanged is needed when the PSA value moved since the push. */
    revert(pushId: number, confirmChanged: boolean): Promise<PushResult>;
    /** Subscribes to "push:changed" (payload: PushEntry); returns the unsubscribe function. */
    onChanged(handler: (entry: PushEntry) => void): () => void;
  };
  costs: {
    list(): Promise<CostRow[]>;
    /** dryRun: only say what it would write. */
    push(psaIntegrationId: number, productId: string, dryRun: boolean): Promise<PushResult>;
    sanityCheck(): Promise<SanityCheck>;
  };
  month: {
    progress(): Promise<MonthProgress>;
    start(): Promise<MonthProgress>;
    setStep(step: string): Promise<MonthProgress>;
  };
  /** Backups of the own data folder and the recovery screen (features/backups). */
  backups: {
    /** Whether the own database was found damaged at start, with the backup to offer. */
    recovery(): Promise<Recovery>;
    list(): Promise<BackupInfo[]>;
    now(): Promise<BackupInfo>;
    /** name: a backup's name from list(). */
    restore(name: string): Promise<RestoreResult>;
    restoreLatest(): Promise<RestoreResult>;
    startEmpty(): Promise<WorkspaceInfo>;
  };
  /** Settings > Schedules (features/schedules). */
  schedules: {
    /** Every schedule with its next n due times. */
    show(n: number): Promise<ScheduleList>;
    set(input: ScheduleInput): Promise<ScheduleList>;
    osTask(): Promise<OSTaskInfo>;
    registerOSTask(): Promise<OSTaskInfo>;
    removeOSTask(): Promise<OSTaskInfo>;
  };
}

// Go sends nil slices as null: the screens always get arrays.
function pushResult(r: workspace.ApproveResult): PushResult {
  return { ...r, writes: r.writes ?? [], pushes: r.pushes ?? [] };
}

function ledgerEntry(e: workspace.LedgerEntry): LedgerEntry {
  return { ...e, vendors: e.vendors ?? [] };
}

function monthProgress(p: workspace.MonthProgress): MonthProgress {
  return { ...p, unmapped: p.unmapped ?? [], freshness: p.freshness ?? [] };
}

function sanityCheck(s: workspace.SanityCheck): SanityCheck {
  const card = (c: workspace.CardDTO) => ({
    ...c,
    flags: c.flags ?? [],
    vendors: c.vendors ?? [],
    psa_lines: c.psa_lines ?? [],
    vendor_sources: c.vendor_sources ?? [],
  });
  return {
    ...s,
    increases: (s.increases ?? []).map(card),
    new_revenue_open: (s.new_revenue_open ?? []).map(card),
    pushes: (s.pushes ?? []).map(ledgerEntry),
    by_vendor: s.by_vendor ?? [],
  };
}

export const api: Api = {
  sync: {
    status: () => call(() => SyncService.Status()),
    run: (runId) => call(() => SyncService.Run(runId)),
    log: (runId) => call(async () => (await SyncService.Log(runId)) ?? []),
    logPage: (runId, offset, limit) =>
      call(async () => {
        const page = await SyncService.LogPage(runId, offset, limit);
        return { lines: page.lines ?? [], next: page.next, more: page.more };
      }),
    start: (req) => call(async () => (await SyncService.Start(new workspace.SyncRequest(req))) ?? []),
    syncAll: (scope, mode) => call(async () => (await SyncService.SyncAll(scope, mode)) ?? []),
    cancel: (runId) => call(() => SyncService.Cancel(runId)),
    retry: (runId) => call(() => SyncService.Retry(runId)),
  },
  integrations: {
    kinds: () => call(async () => (await IntegrationService.Kinds()) ?? []),
    list: () => call(async () => (await IntegrationService.List()) ?? []),
    add: (input) => call(() => IntegrationService.Add(new workspace.IntegrationInput(input))),
    update: (id, input) =>
      call(() => IntegrationService.Update(id, new workspace.IntegrationInput(input))),
    remove: (id) => call(() => IntegrationService.Delete(id)),
    setSecrets: (id, secrets) => call(() => IntegrationService.SetSecrets(id, secrets)),
    test: (id) => call(() => IntegrationService.Test(id)),
  },
  data: {
    lines: (integrationId, includeHidden) =>
      call(() => DataService.Lines(integrationId, includeHidden)),
  },
  workspace: {
    info: () => call(async () => normalizeInfo(await WorkspaceService.Info())),
    useDemo: () => call(async () => normalizeInfo(await WorkspaceService.UseDemo())),
    useDemoPSA: (kind) => call(async () => normalizeInfo(await WorkspaceService.UseDemoPSA(kind))),
    useOwn: () => call(async () => normalizeInfo(await WorkspaceService.UseOwn())),
    keychainState: () => call(() => WorkspaceService.KeychainState()),
  },
  events: {
    onSyncChanged: (handler) =>
      subscribe(EVENT_SYNC_CHANGED, (payload) => {
        if (payload && typeof payload === 'object') handler(payload as SyncEvent);
      }),
    onWorkspaceChanged: (handler) =>
      subscribe(EVENT_WORKSPACE_CHANGED, (payload) => handler(payload === true)),
    onKeychainChanged: (handler) =>
      subscribe(EVENT_KEYCHAIN_CHANGED, (payload) => {
        if (payload && typeof payload === 'object') handler(payload as KeychainState);
      }),
  },
  // --- true-up: Mapping and Reconcile (G1) ---
  mappings: {
    list: (integrationId, unmappedOnly) =>
      call(async () => {
        const list = await MappingService.List(integrationId, unmappedOnly);
        return { rows: list.rows ?? [], unmapped: list.unmapped ?? [] };
      }),
    map: (req) => call(() => MappingService.Map(new workspace.MapRequest(req))),
    acceptExact: (integrationId) => call(() => MappingService.AcceptExact(integrationId)),
    options: (psaIntegrationId, kind, query) =>
      call(async () => (await MappingService.Options(psaIntegrationId, kind, query)) ?? []),
    setAccountNote: (input) =>
      call(() => MappingService.SetAccountNote(new workspace.AccountNoteInput(input))),
  },
  reconcile: {
    cards: (query) =>
      call(async () => {
        const list = await ReconcileService.Cards(new workspace.CardQuery(query));
        return {
          ...list,
          cards: (list.cards ?? []).map(normalizeCard),
          freshness: list.freshness ?? [],
          totals: { ...list.totals, by_state: list.totals?.by_state ?? {} },
        };
      }),
    preview: (req) =>
      call(async () => {
        const p = await ReconcileService.Preview(new workspace.ApproveRequest(req));
        return { ...p, writes: p.writes ?? [], agreements: p.agreements ?? [] };
      }),
    approve: (req) => call(() => ReconcileService.Approve(new workspace.ApproveRequest(req))),
    bulkApprove: (req) =>
      call(async () => {
        const res = await ReconcileService.BulkApprove(new workspace.BulkApproveRequest(req));
        return { approved: res.approved ?? [], acknowledged: res.acknowledged ?? [], skipped: res.skipped ?? [] };
      }),
    dismiss: (cardIds, note) => call(() => ReconcileService.Dismiss(cardIds, note)),
    acknowledge: (cardIds) => call(() => ReconcileService.Acknowledge(cardIds)),
    settings: () => call(() => ReconcileService.Settings()),
    setSettings: (settings) =>
      call(() => ReconcileService.SetSettings(new workspace.ReconcileSettings(settings))),
    explain: (req) =>
      call(async () => {
        const r = await ReconcileService.Explain(new workspace.ExplainRequest(req));
        return {
          ...r,
          matched: r.matched ?? [],
          candidates: r.candidates ?? [],
          searched: r.searched ?? [],
          entries: (r.entries ?? []).map((e) => ({ ...e, details: e.details ?? [] })),
        };
      }),
    explainNames: () =>
      call(async () => {
        const n = await ReconcileService.ExplainNames();
        return { accounts: n.accounts ?? [], products: n.products ?? [] };
      }),
  },
  // --- end true-up: Mapping and Reconcile ---
  // --- Activity Log, Costs, Sanity check, guided month (G2) ---
  pushes: {
    outbox: () => call(async () => (await PushService.Outbox()) ?? []),
    sendNow: () => call(async () => (await PushService.SendNow()) ?? []),
    ledger: (q) =>
      call(async () => ((await PushService.Ledger(new workspace.LedgerQuery(q))) ?? []).map(ledgerEntry)),
    ledgerCSV: (q) => call(() => PushService.LedgerCSV(new workspace.LedgerQuery(q))),
    revertPreview: (pushId) =>
      call(async () => {
        const p = await PushService.RevertPreview(pushId);
        return { ...p, writes: p.writes ?? [] };
      }),
    revert: (pushId, confirmChanged) => call(async () => pushResult(await PushService.Revert(pushId, confirmChanged))),
    onChanged: (handler) =>
      subscribe(EVENT_PUSH_CHANGED, (payload) => {
        if (payload && typeof payload === 'object') handler(payload as PushEntry);
      }),
  },
  costs: {
    list: () => call(async () => (await ReconcileService.Costs()) ?? []),
    push: (psaIntegrationId, productId, dryRun) =>
      call(async () => pushResult(await ReconcileService.PushCost(psaIntegrationId, productId, dryRun))),
    sanityCheck: () => call(async () => sanityCheck(await ReconcileService.SanityCheck())),
  },
  month: {
    progress: () => call(async () => monthProgress(await MonthService.Progress())),
    start: () => call(async () => monthProgress(await MonthService.Start())),
    setStep: (step) => call(async () => monthProgress(await MonthService.SetStep(step))),
  },
  backups: {
    recovery: () => call(async () => recovery(await BackupService.Recovery())),
    list: () => call(async () => (await BackupService.List()) ?? []),
    now: () => call(() => BackupService.BackupNow()),
    restore: (name) => call(() => BackupService.Restore(name)),
    restoreLatest: () => call(() => BackupService.RestoreLatest()),
    startEmpty: () => call(() => BackupService.StartEmpty()),
  },
  schedules: {
    show: (n) => call(async () => scheduleList(await ScheduleService.Show(n))),
    set: (input) => call(async () => scheduleList(await ScheduleService.Set(workspace.ScheduleInput.createFrom(input)))),
    osTask: () => call(() => ScheduleTaskService.Status()),
    registerOSTask: () => call(() => ScheduleTaskService.Register()),
    removeOSTask: () => call(() => ScheduleTaskService.Remove()),
  },
};

/** Go sends nil slices as null: the screens can rely on arrays. */
function scheduleList(l: workspace.ScheduleList): ScheduleList {
  return {
    ...l,
    rows: (l.rows ?? []).map((r) => ({
      ...r,
      next_runs: r.next_runs ?? [],
      next_run_labels: r.next_run_labels ?? [],
      missed: r.missed ?? [],
    })),
  };
}

function recovery(r: app.Recovery): Recovery {
  return { ...r, latest: r.latest ?? null };
}
