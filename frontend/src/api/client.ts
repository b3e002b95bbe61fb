// The ONLY module that imports the generated Wails bindings. Every call is wrapped so it
// rejects with an ApiError carrying the backend's message. Components and hooks use the
// `api` object (tests replace this module with src/test/fakeApi.ts).
import * as AboutService from '../../wailsjs/go/app/AboutService';
import * as AutoTrueUpService from '../../wailsjs/go/app/AutoTrueUpService';
import * as BackupService from '../../wailsjs/go/app/BackupService';
import * as DataService from '../../wailsjs/go/app/DataService';
import * as InboxService from '../../wailsjs/go/app/InboxService';
import * as FileImportService from '../../wailsjs/go/app/FileImportService';
import * as IntegrationService from '../../wailsjs/go/app/IntegrationService';
import * as MappingService from '../../wailsjs/go/app/MappingService';
import * as MonthService from '../../wailsjs/go/app/MonthService';
import * as PushService from '../../wailsjs/go/app/PushService';
import * as ReconcileService from '../../wailsjs/go/app/ReconcileService';
import * as ScheduleService from '../../wailsjs/go/app/ScheduleService';
import * as ScheduleTaskService from '../../wailsjs/go/app/ScheduleTaskService';
import * as StartupViewService from '../../wailsjs/go/app/StartupViewService';
import * as SyncService from '../../wailsjs/go/app/SyncService';
import * as WorkspaceService from '../../wailsjs/go/app/WorkspaceService';
import { app, workspace } from '../../wailsjs/go/models';
import { EventsOn } from '../../wailsjs/runtime/runtime';
import type { About, DiagnosticsResult } from './aboutTypes';
import type { AutoTrueUpEnable, AutoTrueUpRun, AutoTrueUpSettings } from './autoTrueUpTypes';
import type { BackupInfo, Recovery, RestoreResult } from './backupTypes';
import type { FileImport, FileImportRequest, FilePreview, ImportProfile } from './fileImportTypes';
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
  InvoicePreview,
  InvoiceTemplateSettings,
} from './trueupTypes';
import type { ExplainNames, ExplainRequest, ExplainResult } from './explainTypes';

/** Go sends nil slices as null: the screens can rely on arrays. */
function normalizeInvoiceTemplates(t: InvoiceTemplateSettings): InvoiceTemplateSettings {
  return { ...t, placeholders: t.placeholders ?? [], psas: t.psas ?? [] };
}

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
import { EVENT_INBOX_CHANGED, EVENT_NOTICE_OPENED, type InboxEvent, type Notice, type NoticePage } from './inboxTypes';

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
    /**
     * Keeps html (the root's Sync Status screen) as the next launch's first paint; fromWindow:
     * the call comes from the app's own window, which then also keeps a picture of itself.
     */
    saveStartupView(html: string, fromWindow: boolean): Promise<void>;
    /** The page has painted its first screen: the window's picture of the kept one goes. */
    startupViewShown(): Promise<void>;
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
    /** The invoice description template: the workspace's and each PSA's override. */
    invoiceTemplates(): Promise<InvoiceTemplateSettings>;
    /** Stores the template of PSA integration psaId (0: the workspace's); "" removes it. */
    setInvoiceTemplate(psaId: number, text: string): Promise<InvoiceTemplateSettings>;
    /** Renders a template as typed for the next pushes (psaId 0: of every PSA). */
    previewInvoiceTemplate(psaId: number, text: string): Promise<InvoicePreview>;
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
  /** The in-app inbox (features/inbox). */
  inbox: {
    /** Up to limit notices after the first offset, unread first, newest first. */
    list(unreadOnly: boolean, offset: number, limit: number): Promise<NoticePage>;
    unreadCount(): Promise<number>;
    markRead(id: number): Promise<void>;
    /** Resolves to how many were unread. */
    markAllRead(): Promise<number>;
    desktopEnabled(): Promise<boolean>;
    setDesktopEnabled(on: boolean): Promise<void>;
    /** Subscribes to "inbox:changed"; returns the unsubscribe function. */
    onChanged(handler: (event: InboxEvent) => void): () => void;
    /** Subscribes to "inbox:opened" (a desktop notification was clicked). */
    onOpened(handler: (notice: Notice) => void): () => void;
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
  /** The About screen and Export diagnostics (features/about). */
  about: {
    info(): Promise<About>;
    openDataFolder(): Promise<void>;
    /** Asks where to save; a cancelled dialog resolves with an empty path. */
    exportDiagnostics(): Promise<DiagnosticsResult>;
  };
  /** The opt-in automatic true-up per vendor integration (features/auto-trueup). */
  autoTrueUp: {
    list(): Promise<AutoTrueUpSettings[]>;
    enable(req: AutoTrueUpEnable): Promise<AutoTrueUpSettings>;
    disable(integrationId: number): Promise<AutoTrueUpSettings>;
    /** account: a customer's name, '' for all. */
    dryRun(integrationId: number, account: string): Promise<AutoTrueUpRun>;
    approvePlan(integrationId: number): Promise<AutoTrueUpRun>;
    runNow(integrationId: number, account: string): Promise<AutoTrueUpRun>;
    /** The agreement a customer's missing products are created on ('' clears the choice). */
    setAgreement(integrationId: number, account: string, agreementId: string): Promise<AutoTrueUpSettings>;
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
  /** File imports into csv integrations (features/file-import). */
  fileImport: {
    /** Opens the file dialog; '' when the user cancelled. */
    chooseFile(): Promise<string>;
    preview(req: FileImportRequest): Promise<FilePreview>;
    import(req: FileImportRequest): Promise<FileImport>;
    saveProfile(name: string, req: FileImportRequest): Promise<ImportProfile>;
    profiles(): Promise<ImportProfile[]>;
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
    saveStartupView: (html, fromWindow) => call(() => StartupViewService.Save(html, fromWindow)),
    startupViewShown: () => call(() => StartupViewService.Shown()),
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
    invoiceTemplates: () => call(async () => normalizeInvoiceTemplates(await ReconcileService.InvoiceTemplates())),
    setInvoiceTemplate: (psaId, text) =>
      call(async () => normalizeInvoiceTemplates(await ReconcileService.SetInvoiceTemplate(psaId, text))),
    previewInvoiceTemplate: (psaId, text) =>
      call(async () => {
        const p = await ReconcileService.PreviewInvoiceTemplate(psaId, text);
        return { ...p, lines: p.lines ?? [] };
      }),
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
  inbox: {
    list: (unreadOnly, offset, limit) =>
      call(async () => {
        const page = await InboxService.List(unreadOnly, offset, limit);
        return { ...page, notices: page.notices ?? [] };
      }),
    unreadCount: () => call(() => InboxService.UnreadCount()),
    markRead: (id) => call(() => InboxService.MarkRead(id)),
    markAllRead: () => call(() => InboxService.MarkAllRead()),
    desktopEnabled: () => call(() => InboxService.DesktopEnabled()),
    setDesktopEnabled: (on) => call(() => InboxService.SetDesktopEnabled(on)),
    onChanged: (handler) =>
      subscribe(EVENT_INBOX_CHANGED, (payload) => {
        if (payload && typeof payload === 'object') handler(payload as InboxEvent);
      }),
    onOpened: (handler) =>
      subscribe(EVENT_NOTICE_OPENED, (payload) => {
        if (payload && typeof payload === 'object') handler(payload as Notice);
      }),
  },
  backups: {
    recovery: () => call(async () => recovery(await BackupService.Recovery())),
    list: () => call(async () => (await BackupService.List()) ?? []),
    now: () => call(() => BackupService.BackupNow()),
    restore: (name) => call(() => BackupService.Restore(name)),
    restoreLatest: () => call(() => BackupService.RestoreLatest()),
    startEmpty: () => call(() => BackupService.StartEmpty()),
  },
  about: {
    info: () => call(() => AboutService.Info()),
    openDataFolder: () => call(() => AboutService.OpenDataFolder()),
    exportDiagnostics: () =>
      call(async () => {
        const r = await AboutService.ExportDiagnostics();
        return { ...r, files: r.files ?? [] };
      }),
  },
  autoTrueUp: {
    list: () => call(async () => ((await AutoTrueUpService.List()) ?? []).map(autoSettings)),
    enable: (req) => call(async () => autoSettings(await AutoTrueUpService.Enable(new workspace.AutoTrueUpEnable(req)))),
    disable: (id) => call(async () => autoSettings(await AutoTrueUpService.Disable(id))),
    dryRun: (id, account) => call(async () => autoRun(await AutoTrueUpService.DryRun(id, account))),
    approvePlan: (id) => call(async () => autoRun(await AutoTrueUpService.ApprovePlan(id))),
    runNow: (id, account) => call(async () => autoRun(await AutoTrueUpService.RunNow(id, account))),
    setAgreement: (id, account, agreementId) =>
      call(async () => autoSettings(await AutoTrueUpService.SetAgreement(id, account, agreementId))),
  },
  schedules: {
    show: (n) => call(async () => scheduleList(await ScheduleService.Show(n))),
    set: (input) => call(async () => scheduleList(await ScheduleService.Set(workspace.ScheduleInput.createFrom(input)))),
    osTask: () => call(() => ScheduleTaskService.Status()),
    registerOSTask: () => call(() => ScheduleTaskService.Register()),
    removeOSTask: () => call(() => ScheduleTaskService.Remove()),
  },
  fileImport: {
    chooseFile: () => call(() => FileImportService.ChooseFile()),
    preview: (req) => call(async () => filePreview(await FileImportService.Preview(new workspace.FileImportRequest(req)))),
    import: (req) =>
      call(async () => {
        const r = await FileImportService.Import(new workspace.FileImportRequest(req));
        return { ...r, preview: filePreview(r.preview), runs: r.runs ?? [] };
      }),
    saveProfile: (name, req) => call(() => FileImportService.SaveProfile(name, new workspace.FileImportRequest(req))),
    profiles: () => call(async () => (await FileImportService.Profiles()) ?? []),
  },
};

// Go sends nil slices and pointers as null: the panel always gets arrays and null.
function autoRun(r: workspace.AutoTrueUpRun): AutoTrueUpRun {
  return {
    ...r,
    items: (r.items ?? []).map((it) => ({ ...it, writes: it.writes ?? [], pushes: it.pushes ?? [] })),
  } as AutoTrueUpRun;
}

function autoSettings(s: workspace.AutoTrueUpSettings): AutoTrueUpSettings {
  return {
    ...s,
    agreements: s.agreements ?? [],
    plan: s.plan ? autoRun(s.plan) : null,
    last_run: s.last_run ? autoRun(s.last_run) : null,
  } as AutoTrueUpSettings;
}

/** Go sends nil slices as null: the dialog can rely on arrays. */
function filePreview(p: workspace.FilePreview): FilePreview {
  return { ...p, columns: p.columns ?? [], lines: p.lines ?? [], bad_rows: p.bad_rows ?? [], fields: p.fields ?? [] };
}

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
  return { ...r, latest: r.latest ?? null, kept_integrations: r.kept_integrations ?? null };
}
