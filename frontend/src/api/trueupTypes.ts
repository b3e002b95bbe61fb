// Plain-data views of the true-up models of the Mapping and Reconcile screens. Field names
// and meaning: internal/workspace/trueup_dto.go. Quantities and money are exact decimal
// strings ("27", "12.50"): format them with src/lib/money.ts, never add them up here (the
// totals come from Go).
import type { workspace } from '../../wailsjs/go/models';
import type { Dto } from './types';
// The push types are the Activity Log's (G2's ledgerTypes.ts); the cards show them too.
export type { PlannedWrite, PushEntry } from './ledgerTypes';

export type MappingSuggestion = Dto<workspace.MappingSuggestion>;
export type MappingRow = Dto<workspace.MappingRow>;
export type UnmappedCount = Dto<workspace.UnmappedCount>;
export type MappingList = Dto<workspace.MappingList>;
export type MapRequest = Dto<workspace.MapRequest>;
export type PSAOption = Dto<workspace.PSAOption>;
export type AccountNoteInput = Dto<workspace.AccountNoteInput>;

export type CardLine = Dto<workspace.CardLine>;
export type CardSource = Dto<workspace.CardSource>;
export type Card = Dto<workspace.CardDTO>;
export type CardQuery = Dto<workspace.CardQuery>;
export type CardTotals = Dto<workspace.CardTotals>;
export type Freshness = Dto<workspace.Freshness>;
export type CardList = Dto<workspace.CardList>;
export type ApproveRequest = Dto<workspace.ApproveRequest>;
export type AgreementOption = Dto<workspace.AgreementOption>;
export type ApprovePreview = Dto<workspace.ApprovePreview>;
export type ApproveResult = Dto<workspace.ApproveResult>;
export type BulkApproveRequest = Dto<workspace.BulkApproveRequest>;
export type SkippedCard = Dto<workspace.SkippedCard>;
export type BulkApproveResult = Dto<workspace.BulkApproveResult>;
export type ReconcileSettings = Dto<workspace.ReconcileSettings>;
export type InvoiceTemplatePSA = Dto<workspace.InvoiceTemplatePSA>;
export type InvoiceTemplateSettings = Dto<workspace.InvoiceTemplateSettings>;
export type InvoicePreviewLine = Dto<workspace.InvoicePreviewLine>;
export type InvoicePreview = Dto<workspace.InvoicePreview>;

/** MappingRow.kind / MapRequest.kind / MappingService.Options kind. */
export type MappingKind = 'account' | 'product';
/** MappingRow.state. */
export type MappingState = 'unmapped' | 'mapped' | 'excluded';
/** CardDTO.state. */
export type CardState = 'reconcile' | 'new_revenue' | 'no_change' | 'no_vendor_data';
export const CARD_STATES: readonly CardState[] = ['reconcile', 'new_revenue', 'no_change', 'no_vendor_data'];
/** CardDTO.decision. */
export type CardDecision = 'open' | 'approved' | 'dismissed' | 'acknowledged';
/** CardDTO.push / PushEntry.state. */
export type PushState = 'queued' | 'sending' | 'pushed' | 'failed' | 'conflict' | 'reverted';
/** CardQuery.direction. */
export type CardDirection = '' | 'increase' | 'decrease';

/** CardDTO.flags (internal/reconcile/cards.go). */
export type CardFlag =
  | 'large_change'
  | 'note'
  | 'changed_since_dismissed'
  | 'changed_since_approved'
  | 'cost_drift'
  | 'not_billable'
  | 'less_included'
  | 'several_lines'
  | 'several_vendor_accounts'
  | 'renews_soon'
  | 'term_ends';
