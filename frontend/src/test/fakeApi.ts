// A stand-in for src/api/client.ts. Test files replace the real client with it:
//   vi.mock('@/api/client', () => import('@/test/fakeApi'));
// so the hooks and components run for real against vi.fn()s, and tests can emit events.
import { act } from '@testing-library/react';
import { vi } from 'vitest';
import type { Api } from '@/api/client';
import type { KeychainState, SyncEvent } from '@/api/types';
import type { PushEntry } from '@/api/ledgerTypes';
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
// --- true-up: Mapping and Reconcile (G1) ---
import { makeApproveResult, makeCardList, makeMappingList, makePreview, makeReconcileSettings } from './trueupFixtures';
// --- end true-up: Mapping and Reconcile ---

const syncHandlers = new Set<(event: SyncEvent) => void>();
const workspaceHandlers = new Set<(demo: boolean) => void>();
const keychainHandlers = new Set<(state: KeychainState) => void>();
const pushHandlers = new Set<(entry: PushEntry) => void>();

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
    backups: {
      recovery: vi.fn(async () => ({ damaged: false, reason: '', moved_to: '', latest: null, message: '' })),
      list: vi.fn(async () => []),
      now: vi.fn(async () => makeBackup({ kind: 'manual' })),
      restore: vi.fn(async (name: string) => ({ from: makeBackup({ name }), kept_as: '', kept_damaged: false })),
      restoreLatest: vi.fn(async () => ({ from: makeBackup(), kept_as: '', kept_damaged: false })),
      startEmpty: vi.fn(async () => makeInfo()),
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
  Object.assign(api.schedules, fresh.schedules);
  pushHandlers.clear();
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
