// The automatic true-up panel's data (Settings > Automatic true-up). Field names and meaning:
// internal/workspace/autotrueup_dto.go (the JSON names are the CLI contract of
// `trueup auto-trueup --json`).
import type { workspace } from '../../wailsjs/go/models';
import type { Dto } from './types';

export type AutoTrueUpItem = Dto<workspace.AutoTrueUpItem>;
export type AutoTrueUpRun = Omit<Dto<workspace.AutoTrueUpRun>, 'items'> & { items: AutoTrueUpItem[] };
export type AutoTrueUpSettings = Omit<Dto<workspace.AutoTrueUpSettings>, 'plan' | 'last_run'> & {
  /** The last dry run, waiting for approval (null: none). */
  plan: AutoTrueUpRun | null;
  /** The last run that pushed (null: none). */
  last_run: AutoTrueUpRun | null;
};
export type AutoTrueUpEnable = Dto<workspace.AutoTrueUpEnable>;
export type BillingStyle = 'advance' | 'arrears';
