// A stand-in for src/api/client.ts. Test files replace the real client with it:
//   vi.mock('@/api/client', () => import('@/test/fakeApi'));
// so the hooks and components run for real against vi.fn()s, and tests can emit events.
import { act } from '@testing-library/react';
import { vi } from 'vitest';
import type { Api } from '@/api/client';
import type { KeychainState, SyncEvent } from '@/api/types';
import type { PushEntry } from '@/api/ledgerTypes';
import { makeAutoRun, makeAutoSettings } from './autoTrueUpFixtures';
import type { InboxEvent, Notice } from '@/api/inboxTypes';
import {
  makeBackup,
  makeInfo,
  makeLines,
  makeMonthProgress,
  makeOSTask,
  makePushResult,
  makeRevertPreview,
  makeRun,
  makeSanityCheck,
  makeScheduleList,
  makeSnapshot,
} from './fixtures';
import { makeFilePreview } from './fileImportFixtures';
// --- true-up: Mapping and Reconcile (G1) ---
import {
  makeApproveResult,
  makeCardList,
  makeInvoiceTemplates,
  makeMappingList,
  makePreview,
  makeReconcileSettings,
} from './trueupFixtures';
// --- end true-up: Mapping and Reconcile ---

const syncHandlers = new Set<(event: SyncEvent) => void>();
const workspaceHandlers = new Set<(demo: boolean) => void>();
const keychainHandlers = new Set<(state: KeychainState) => void>();
const pushHandlers = new Set<(entry: PushEntry) => void>();
const inboxHandlers = new Set<(event: InboxEvent) => void>();
const openedHandlers = new Set<(notice: Notice) => void>();

function build(): Api {
  return {
    sync: {
      status: vi.fn(async () => makeSnapshot()),
      run: vi.fn(async (id: number) => makeRun({ id })),
      log: vi.fn(async () => []),
      logPage: vi.fn(async (_id: number, offset: number) => ({ lines: [], next: offset, more: false })),
      start: vi.fn(async () => []),
      syncAll: vi.fn(async () => []),
      cancel: vi.fn(async () => undefined),
      retry: vi.fn(async (id: number) => makeRun({ id: id + 1000, status: 'queued' })),
    },
    integrations: {
      kinds: vi.fn(async () => []),
      list: vi.fn(async () => []),
      add: vi.fn(async (input) => ({
        id: 99,
        name: input.name,
        kind: input.kind,
        kind_label: input.kind,
        role: 'psa',
        base_url: input.base_url,
        settings: input.settings,
        concurrency: input.concurrency,
        secrets_set: true,
        created_at: '',
        updated_at: '',
      })),
      update: vi.fn(async () => {
        throw new Error('not stubbed');
      }),
      remove: vi.fn(async () => undefined),
      setSecrets: vi.fn(async () => undefined),
      test: vi.fn(async () => ({ ok: true, message: 'Connected', duration_ms: 42 })),
    },
    data: {
      lines: vi.fn(async () => makeLines()),
    },
    workspace: {
      info: vi.fn(async () => makeInfo()),
      useDemo: vi.fn(async () => makeInfo({ demo: true, demo_psa: 'connectwise' })),
      useDemoPSA: vi.fn(async (kind: string) => makeInfo({ demo: true, demo_psa: kind })),
      useOwn: vi.fn(async () => makeInfo({ demo: false })),
      keychainState: vi.fn(async (): Promise<KeychainState> => ({ seq: 0, waiting: false, message: '' })),
      saveStartupView: vi.fn(async (_html: string, _fromWindow: boolean) => undefined),
      startupViewShown: vi.fn(async () => undefined),
    },
    events: {
      onSyncChanged: vi.fn((handler: (event: SyncEvent) => void) => {
        syncHandlers.add(handler);
        return () => {
          syncHandlers.delete(handler);
        };
      }),
      onWorkspaceChanged: vi.fn((handler: (demo: boolean) => void) => {
        workspaceHandlers.add(handler);
        return () => {
          workspaceHandlers.delete(handler);
        };
      }),
      onKeychainChanged: vi.fn((handler: (state: KeychainState) => void) => {
        keychainHandlers.add(handler);
        return () => {
          keychainHandlers.delete(handler);
        };
      }),
    },
    // --- true-up: Mapping and Reconcile (G1) ---
    mappings: {
      list: vi.fn(async () => makeMappingList()),
      map: vi.fn(async () => {
        throw new Error('not stubbed');
      }),
      acceptExact: vi.fn(async () => 0),
      options: vi.fn(async () => []),
      setAccountNote: vi.fn(async () => undefined),
    },
    reconcile: {
      cards: vi.fn(async () => makeCardList()),
      preview: vi.fn(async (req) => makePreview({ card_id: req.card_id })),
      approve: vi.fn(async (req) => makeApproveResult({ card_id: req.card_id })),
      bulkApprove: vi.fn(async () => ({ approved: [], acknowledged: [], skipped: [] })),
      dismiss: vi.fn(async () => undefined),
      acknowledge: vi.fn(async (ids: string[]) => ids.length),
      settings: vi.fn(async () => makeReconcileSettings()),
      setSettings: vi.fn(async (s) => s),
      invoiceTemplates: vi.fn(async () => makeInvoiceTemplates()),
      setInvoiceTemplate: vi.fn(async (psaId: number, text: string) =>
        psaId === 0 ? makeInvoiceTemplates({ template: text }) : makeInvoiceTemplates(),
      ),
      previewInvoiceTemplate: vi.fn(async () => ({ lines: [], error: '', message: '' })),
      explain: vi.fn(async (req) => ({ query: req, matched: [], ambiguous: false, candidates: [], entries: [], searched: [] })),
      explainNames: vi.fn(async () => ({ accounts: [], products: [] })),
    },
    // --- end true-up: Mapping and Reconcile ---
    // --- Activity Log, Costs, Sanity check, guided month (G2) ---
    pushes: {
      outbox: vi.fn(async () => []),
      sendNow: vi.fn(async () => []),
      ledger: vi.fn(async () => []),
      ledgerCSV: vi.fn(async () => 'id,at\n'),
      revertPreview: vi.fn(async (pushId: number) => makeRevertPreview({ push_id: pushId })),
      revert: vi.fn(async () => makePushResult({ message: 'The revert is queued.' })),
      onChanged: vi.fn((handler: (entry: PushEntry) => void) => {
        pushHandlers.add(handler);
        return () => {
          pushHandlers.delete(handler);
        };
      }),
    },
    costs: {
      list: vi.fn(async () => []),
      push: vi.fn(async (_psa: number, _product: string, dryRun: boolean) => makePushResult({ dry_run: dryRun })),
      sanityCheck: vi.fn(async () => makeSanityCheck()),
    },
    month: {
      progress: vi.fn(async () => makeMonthProgress()),
      start: vi.fn(async () => makeMonthProgress({ started_at: '2026-03-04T10:00:00Z' })),
      setStep: vi.fn(async (step: string) => makeMonthProgress({ step, started_at: '2026-03-04T10:00:00Z' })),
    },
    inbox: {
      list: vi.fn(async () => ({ notices: [], total: 0, unread: 0 })),
      unreadCount: vi.fn(async () => 0),
      markRead: vi.fn(async () => undefined),
      markAllRead: vi.fn(async () => 0),
      desktopEnabled: vi.fn(async () => true),
      setDesktopEnabled: vi.fn(async () => undefined),
      onChanged: vi.fn((handler: (event: InboxEvent) => void) => {
        inboxHandlers.add(handler);
        return () => {
          inboxHandlers.delete(handler);
        };
      }),
      onOpened: vi.fn((handler: (notice: Notice) => void) => {
        openedHandlers.add(handler);
        return () => {
          openedHandlers.delete(handler);
        };
      }),
    },
    backups: {
      recovery: vi.fn(async () => ({ damaged: false, reason: '', moved_to: '', latest: null, message: '', kept_integrations: null, kept_from: '' })),
      list: vi.fn(async () => []),
      now: vi.fn(async () => makeBackup({ kind: 'manual' })),
      restore: vi.fn(async (name: string) => ({ from: makeBackup({ name }), kept_as: '', kept_damaged: false })),
      restoreLatest: vi.fn(async () => ({ from: makeBackup(), kept_as: '', kept_damaged: false })),
      startEmpty: vi.fn(async () => makeInfo()),
    },
    about: {
      info: vi.fn(async () => ({
        version: '1.4.0',
        commit: 'abc123def456',
        os: 'linux',
        arch: 'amd64',
        go: 'go1.27.3',
        data_folder: '/home/me/.config/TrueUp',
        demo: false,
      })),
      openDataFolder: vi.fn(async () => undefined),
      exportDiagnostics: vi.fn(async () => ({
        path: '/home/me/trueup-diagnostics.zip',
        size: 48213,
        files: ['about.json', 'app-log/trueup.log', 'integrations.json'],
      })),
    },
    autoTrueUp: {
      list: vi.fn(async () => []),
      enable: vi.fn(async (req) => makeAutoSettings({ integration_id: req.integration_id, enabled: true, billing_style: req.billing_style, prorate: req.prorate })),
      disable: vi.fn(async (id: number) => makeAutoSettings({ integration_id: id })),
      dryRun: vi.fn(async (id: number, account: string) => makeAutoRun({ integration_id: id, account })),
      approvePlan: vi.fn(async (id: number) => makeAutoRun({ integration_id: id, dry_run: false })),
      runNow: vi.fn(async (id: number, account: string) => makeAutoRun({ integration_id: id, account })),
      setAgreement: vi.fn(async (id: number) => makeAutoSettings({ integration_id: id, enabled: true })),
    },
    fileImport: {
      chooseFile: vi.fn(async () => ''),
      preview: vi.fn(async () => makeFilePreview()),
      import: vi.fn(async () => ({ preview: makeFilePreview(), runs: [], nothing_changed: false })),
      saveProfile: vi.fn(async (name: string) => ({ name, builtin: false, base: 'generic', map: {}, decimal: '.', date_order: 'day-first', sheet: '', headers: [] })),
      profiles: vi.fn(async () => []),
    },
    schedules: {
      show: vi.fn(async () => makeScheduleList()),
      set: vi.fn(async () => makeScheduleList()),
      osTask: vi.fn(async () => makeOSTask()),
      registerOSTask: vi.fn(async () => makeOSTask({ state: 'registered' })),
      removeOSTask: vi.fn(async () => makeOSTask()),
    },
  };
}

export const api: Api = build();

/** Fresh vi.fn()s and no subscribers (called before every test by setup.ts). */
export function resetFakeApi(): void {
  const fresh = build();
  Object.assign(api.sync, fresh.sync);
  Object.assign(api.integrations, fresh.integrations);
  Object.assign(api.data, fresh.data);
  Object.assign(api.workspace, fresh.workspace);
  Object.assign(api.events, fresh.events);
  Object.assign(api.mappings, fresh.mappings);
  Object.assign(api.reconcile, fresh.reconcile);
  Object.assign(api.pushes, fresh.pushes);
  Object.assign(api.costs, fresh.costs);
  Object.assign(api.month, fresh.month);
  Object.assign(api.backups, fresh.backups);
  Object.assign(api.autoTrueUp, fresh.autoTrueUp);
  Object.assign(api.inbox, fresh.inbox);
  Object.assign(api.fileImport, fresh.fileImport);
  Object.assign(api.schedules, fresh.schedules);
  pushHandlers.clear();
  inboxHandlers.clear();
  openedHandlers.clear();
  syncHandlers.clear();
  workspaceHandlers.clear();
  keychainHandlers.clear();
}

export function emitSyncChanged(event: SyncEvent): void {
  act(() => {
    for (const h of [...syncHandlers]) h(event);
  });
}

export function emitWorkspaceChanged(demo: boolean): void {
  act(() => {
    for (const h of [...workspaceHandlers]) h(demo);
  });
}

export function emitKeychainChanged(state: KeychainState): void {
  act(() => {
    for (const h of [...keychainHandlers]) h(state);
  });
}

export function subscriberCount(): number {
  return syncHandlers.size + workspaceHandlers.size;
}

export function keychainSubscriberCount(): number {
  return keychainHandlers.size;
}

export function emitPushChanged(entry: PushEntry): void {
  act(() => {
    for (const h of [...pushHandlers]) h(entry);
  });
}

export function pushSubscriberCount(): number {
  return pushHandlers.size;
}

export function emitInboxChanged(event: InboxEvent): void {
  act(() => {
    for (const h of [...inboxHandlers]) h(event);
  });
}

export function emitNoticeOpened(notice: Notice): void {
  act(() => {
    for (const h of [...openedHandlers]) h(notice);
  });
}

export function noticeOpenedSubscriberCount(): number {
  return openedHandlers.size;
}

export function inboxSubscriberCount(): number {
  return inboxHandlers.size;
}
