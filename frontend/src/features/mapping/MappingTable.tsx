import { Ban, Eraser, StickyNote } from 'lucide-react';
import { useRef, useState, type KeyboardEvent } from 'react';
import type { MappingRow, MappingSuggestion, PSAOption } from '@/api';
import { Badge, Button, Tooltip } from '@/components/ui';
import { pluralize } from '@/lib/format';
import { decimalSign, formatMoney } from '@/lib/money';
import { rankedSuggestions } from './filterMappings';
import { SuggestionCell } from './SuggestionCell';
import { TargetPicker } from './TargetPicker';

export interface MappingActions {
  accept(row: MappingRow, s: MappingSuggestion): void;
  pick(row: MappingRow, o: PSAOption): void;
  exclude(row: MappingRow): void;
  clear(row: MappingRow): void;
  editNote(row: MappingRow): void;
  /** The vendor item a call is in flight for (its buttons show it). */
  pendingKey: string | null;
}

export function rowKey(r: Pick<MappingRow, 'integration_id' | 'kind' | 'vendor_id'>): string {
  return `${r.integration_id}:${r.kind}:${r.vendor_id}`;
}

function StateBadge({ row }: { row: MappingRow }) {
  if (row.state === 'mapped') return <Badge tone="success">Mapped</Badge>;
  if (row.state === 'excluded') return <Badge tone="neutral">Excluded</Badge>;
  return <Badge tone="warning">Unmapped</Badge>;
}

/**
 * Vendor accounts or products with where they map. Keyboard: ↑/↓ (or j/k) move between
 * rows, Enter accepts the focused row's best suggestion.
 */
export function MappingTable({
  rows,
  actions,
  defaultPSAIntegrationId,
  psas,
}: {
  rows: MappingRow[];
  actions: MappingActions;
  defaultPSAIntegrationId: number;
  /** Every PSA integration: with several, the picker asks which one. */
  psas?: readonly { id: number; name: string }[];
}) {
  const [focused, setFocused] = useState(0);
  const body = useRef<HTMLTableSectionElement>(null);
  const focusRow = (i: number) => {
    const next = Math.max(0, Math.min(rows.length - 1, i));
    setFocused(next);
    body.current?.querySelectorAll<HTMLElement>('tr[data-testid=mapping-row]')[next]?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTableRowElement>, row: MappingRow, i: number) => {
    // Keys typed into a control inside the row (a picker's search) are its own.
    if (e.target !== e.currentTarget) return;
    if (e.key === 'ArrowDown' || e.key === 'j') {
      e.preventDefault();
      focusRow(i + 1);
    } else if (e.key === 'ArrowUp' || e.key === 'k') {
      e.preventDefault();
      focusRow(i - 1);
    } else if (e.key === 'Enter') {
      const top = row.state === 'unmapped' ? rankedSuggestions(row)[0] : undefined;
      if (top) {
        e.preventDefault();
        actions.accept(row, top);
      }
    }
  };

  return (
    <div className="card table-wrap table-wrap--sticky">
      <table className="table table--fixed mapping-table">
        <colgroup>
          <col className="col-vendor" />
          <col className="col-state" />
          <col className="col-target" />
          <col className="col-waiting" />
          <col className="col-actions" />
        </colgroup>
        <thead>
          <tr>
            <th>Vendor {rows[0]?.kind === 'product' ? 'product' : 'account'}</th>
            <th>State</th>
            <th>PSA target or suggestion</th>
            <th className="right">Waiting</th>
            <th className="right">Actions</th>
          </tr>
        </thead>
        <tbody ref={body}>
          {rows.map((row, i) => {
            const key = rowKey(row);
            const busy = actions.pendingKey === key;
            const suggestions = rankedSuggestions(row);
            const psaId = row.psa_integration_id || suggestions[0]?.psa_integration_id || defaultPSAIntegrationId;
            return (
              <tr
                key={key}
                data-testid="mapping-row"
                data-vendor-id={row.vendor_id}
                tabIndex={i === focused ? 0 : -1}
                className={row.gone ? 'is-gone' : undefined}
                onFocus={(e) => e.target === e.currentTarget && setFocused(i)}
                onKeyDown={(e) => onKeyDown(e, row, i)}
              >
                <td>
                  <div className="mapping-item">
                    <span className="mapping-item__name cell-text">{row.vendor_name}</span>
                    <span className="mapping-item__meta">
                      {row.integration} · <span className="mono">{row.vendor_id}</span>
                    </span>
                  </div>
                  {row.gone && (
                    <Badge tone="danger" title="The vendor no longer lists this id. The mapping is kept in case it comes back.">
                      No longer at the source
                    </Badge>
                  )}
                </td>
                <td>
                  <StateBadge row={row} />
                </td>
                <td>
                  {row.state === 'mapped' && (
                    <div className="mapping-target">
                      <span className="cell-text">{row.psa_name || row.psa_id}</span>
                      {row.note && (
                        <Tooltip content={row.note}>
                          <span className="mapping-target__note">
                            <StickyNote size={13} aria-hidden="true" /> {row.note}
                          </span>
                        </Tooltip>
                      )}
                    </div>
                  )}
                  {row.state === 'excluded' && <span className="muted">Left out of the true-up</span>}
                  {row.state === 'unmapped' && (
                    <SuggestionCell vendorName={row.vendor_name} suggestions={suggestions} onAccept={(s) => actions.accept(row, s)} busy={busy} />
                  )}
                </td>
                <td className="right">
                  {row.subscriptions > 0 ? (
                    <div className="mapping-waiting num">
                      <span>{pluralize(row.subscriptions, 'subscription')}</span>
                      {decimalSign(row.monthly_cost) !== 0 && <span className="muted">{formatMoney(row.monthly_cost)}/mo</span>}
                    </div>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td className="right">
                  <div className="item-actions">
                    {row.state !== 'excluded' && (
                      <TargetPicker
                        kind={row.kind === 'product' ? 'product' : 'account'}
                        psaIntegrationId={psaId}
                        psas={psas}
                        vendorName={row.vendor_name}
                        onPick={(o) => actions.pick(row, o)}
                        disabled={busy}
                      />
                    )}
                    {row.state === 'unmapped' && (
                      <Button size="sm" variant="ghost" icon={<Ban size={14} aria-hidden="true" />} onClick={() => actions.exclude(row)} disabled={busy} aria-label={`Exclude ${row.vendor_name}`} title="Leave it out of the true-up: its subscriptions make no cards">
                        Exclude
                      </Button>
                    )}
                    {row.state === 'mapped' && row.kind === 'account' && (
                      <Button size="sm" variant="ghost" icon={<StickyNote size={14} aria-hidden="true" />} onClick={() => actions.editNote(row)} aria-label={`Note on ${row.psa_name}`} title="A note or tags shown on this account's cards">
                        Note
                      </Button>
                    )}
                    {row.state !== 'unmapped' && (
                      <Button size="sm" variant="ghost" icon={<Eraser size={14} aria-hidden="true" />} onClick={() => actions.clear(row)} disabled={busy} aria-label={`Clear the mapping of ${row.vendor_name}`} title="Back to unmapped">
                        Clear
                      </Button>
                    )}
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
