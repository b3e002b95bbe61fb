// Backups of the own data folder's database (Settings > Backups) and the recovery screen
// (the database was found damaged at start). Mirrors workspace.BackupInfo,
// workspace.RestoreResult and app.Recovery.

export type BackupKind = 'daily' | 'weekly' | 'pre-migration' | 'manual' | 'before-restore';

export interface BackupInfo {
  name: string;
  path: string;
  /** When it was taken, RFC 3339 UTC. */
  at: string;
  kind: BackupKind | string;
  size: number;
  schema_version: number;
  /** Passes SQLite's quick_check and this TrueUp can open it; problem says why not. */
  integrity_ok: boolean;
  problem?: string;
}

export interface RestoreResult {
  from: BackupInfo;
  /** Where the replaced database went: a before-restore backup, or a damaged file moved aside. */
  kept_as?: string;
  kept_damaged: boolean;
}

export interface Recovery {
  damaged: boolean;
  reason: string;
  moved_to: string;
  /** The newest good backup, null when there is none. */
  latest: BackupInfo | null;
  message: string;
  /** Integrations the empty cache already holds, with their credentials (null or empty: none). */
  kept_integrations: string[] | null;
  /** Where they were read from: "the damaged database" or "the backup of ...". */
  kept_from: string;
}
