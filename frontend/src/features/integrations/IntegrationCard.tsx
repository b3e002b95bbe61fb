import { KeyRound, Pencil, ShieldAlert, ShieldCheck, Trash2, TriangleAlert, X } from 'lucide-react';
import type { Integration, KindInfo } from '@/api';
import { RolePill } from '@/components/RolePill';
import { Button, Tooltip } from '@/components/ui';
import { kindCaption } from '@/lib/format';
import { credentialsWording } from './credentialsWording';
import { TestConnection } from './TestConnection';

export function IntegrationCard({
  integration,
  kind,
  secretsStore,
  notice,
  onDismissNotice,
  onEdit,
  onResetCredentials,
  onDelete,
}: {
  integration: Integration;
  kind: KindInfo | undefined;
  /** WorkspaceInfo.secrets_store: says where the credentials are kept. */
  secretsStore: string | undefined;
  /** What the last edit did that the user must know (Integration.notice from Update). */
  notice?: string;
  onDismissNotice?: () => void;
  onEdit: () => void;
  onResetCredentials: () => void;
  onDelete: () => void;
}) {
  const settings = Object.entries(integration.settings ?? {}).filter(([, v]) => v !== '');
  const labelOf = (key: string) => kind?.settings?.find((f) => f.key === key)?.label || key;

  return (
    <article className="card integration-card" data-testid="integration-card" data-name={integration.name} aria-label={integration.name}>
      <header className="integration-card__header">
        <div>
          <h2 className="integration-card__name">{integration.name}</h2>
          <p className="integration-card__kind">
            {kindCaption(integration.name, integration.kind_label)} <RolePill role={integration.role} />
          </p>
        </div>
        <div className="integration-card__tools">
          <Button size="sm" variant="ghost" icon={<Pencil size={14} aria-hidden="true" />} onClick={onEdit} disabled={!kind}>
            Edit
          </Button>
          <Button size="sm" variant="ghost" icon={<KeyRound size={14} aria-hidden="true" />} onClick={onResetCredentials} disabled={!kind}>
            Reset credentials
          </Button>
          <Button
            size="sm"
            variant="ghost"
            className="btn--danger-ghost"
            icon={<Trash2 size={14} aria-hidden="true" />}
            onClick={onDelete}
            aria-label={`Delete ${integration.name}`}
            title={`Delete ${integration.name}`}
          >
            Delete
          </Button>
        </div>
      </header>
      {notice && (
        <div className="card-notice" role="status" data-testid="integration-notice">
          <TriangleAlert size={16} aria-hidden="true" className="card-notice__icon" />
          <p className="card-notice__text">{notice}</p>
          <Button size="sm" variant="primary" icon={<KeyRound size={14} aria-hidden="true" />} onClick={onResetCredentials} disabled={!kind}>
            Enter credentials
          </Button>
          {onDismissNotice && (
            <button type="button" className="icon-btn" aria-label="Dismiss" title="Dismiss" onClick={onDismissNotice}>
              <X size={16} aria-hidden="true" />
            </button>
          )}
        </div>
      )}
      <dl className="integration-card__facts">
        {!kind?.no_server && (
          <div className="fact--wide">
            <dt>Base URL</dt>
            <Fact value={integration.base_url} mono />
          </div>
        )}
        {settings.map(([key, value]) => (
          <div key={key}>
            <dt>{labelOf(key)}</dt>
            <Fact value={value} />
          </div>
        ))}
        <div>
          <dt>Requests in flight</dt>
          <dd className="num">{integration.concurrency || kind?.default_concurrency || '—'}</dd>
        </div>
      </dl>
      <footer className="integration-card__footer">
        {kind?.no_secret ? (
          <span className="cred cred--ok">
            <ShieldCheck size={16} aria-hidden="true" /> No credentials needed
          </span>
        ) : integration.secrets_set ? (
          <span className="cred cred--ok">
            <ShieldCheck size={16} aria-hidden="true" /> {credentialsWording(secretsStore).stored}
          </span>
        ) : (
          <span className="cred cred--missing">
            <ShieldAlert size={16} aria-hidden="true" /> Credentials missing
            <Button size="sm" variant="ghost" onClick={onResetCredentials} disabled={!kind} aria-label={`Set credentials of ${integration.name}`}>
              Set them
            </Button>
          </span>
        )}
        <TestConnection integrationId={integration.id} />
      </footer>
    </article>
  );
}

/**
 * A URL or id on one line: cut at the end with an ellipsis (full value in a tooltip), never
 * broken in the middle of a token.
 */
function Fact({ value, mono }: { value: string; mono?: boolean }) {
  if (!value) return <dd>—</dd>;
  return (
    <Tooltip content={value}>
      <dd className={`fact-value${mono ? ' mono' : ''}`} tabIndex={0}>
        {value}
      </dd>
    </Tooltip>
  );
}
