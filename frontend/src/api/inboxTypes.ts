// The in-app inbox (features/inbox). Mirrors workspace.Notice, workspace.NoticePage and
// workspace.InboxEvent.

export type NoticeKind = 'sync_changed' | 'sync_partial' | 'sync_failed' | 'auto_trueup' | 'sync_stuck' | 'weekly';

/** What opening a notice shows. */
export type NoticeTarget = '' | 'run' | 'cards' | 'ledger' | 'mapping' | 'sync' | 'settings';

export interface Notice {
  id: number;
  /** RFC 3339, UTC. */
  created_at: string;
  kind: NoticeKind | string;
  title: string;
  /** Sentences, one line each (the weekly summary has several). */
  body: string;
  target: NoticeTarget | string;
  /** The vendor integration whose automatic true-up plan a "settings" notice asks to approve. */
  integration?: string;
  /** The run whose log a "run" notice opens. */
  run_id?: number;
  /** The card state a "cards" notice filters to ('' or absent: every open card). */
  card_state?: string;
  read: boolean;
  read_at: string;
}

export interface NoticePage {
  notices: Notice[];
  total: number;
  unread: number;
}

/** "inbox:changed": a new notice (notice set) or a new unread count (notice absent). */
export interface InboxEvent {
  seq: number;
  unread: number;
  notice?: Notice | null;
}

export const EVENT_INBOX_CHANGED = 'inbox:changed';
/** "inbox:opened": the user clicked the desktop notification of this notice (marked read). */
export const EVENT_NOTICE_OPENED = 'inbox:opened';
