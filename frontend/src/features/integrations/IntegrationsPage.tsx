import { FlaskConical, Plug, Plus } from 'lucide-react';
import { useState } from 'react';
import { errorMessage, useIntegrations, useKinds, useSwitchWorkspace, useWorkspaceInfo, type Integration } from '@/api';
import { useNavigation } from '@/app/navigation';
import { Button, EmptyState, InlineAlert, PageHeader, Spinner, useNotices } from '@/components/ui';
import { AddIntegrationDialog } from './AddIntegrationDialog';
import { credentialsWording } from './credentialsWording';
import { DeleteIntegrationDialog } from './DeleteIntegrationDialog';
import { EditIntegrationDialog } from './EditIntegrationDialog';
import { IntegrationCard } from './IntegrationCard';
import { ResetCredentialsDialog } from './ResetCredentialsDialog';
import './integrations.css';

type Open =
  | { dialog: 'add' }
  | { dialog: 'edit' | 'reset' | 'delete'; integration: Integration }
  | null;

export function IntegrationsPage() {
  const list = useIntegrations();
  const kinds = useKinds();
  const info = useWorkspaceInfo();
  const switchTo = useSwitchWorkspace();
  const notices = useNotices();
  const { navigate } = useNavigation();
  const [open, setOpen] = useState<Open>(null);
  // Integration id -> what its last edit did that the user must act on (Integration.notice).
  const [editNotices, setEditNotices] = useState<Record<number, string>>({});

  const kindOf = (kind: string) => kinds.data?.find((k) => k.kind === kind);
  const integrations = list.data ?? [];
  const close = () => setOpen(null);
  const secretsStore = info.data?.secrets_store;
  const credentialsHeld = credentialsWording(secretsStore).held;
  const setEditNotice = (id: number, notice: string | undefined) =>
    setEditNotices(({ [id]: _dropped, ...rest }) => (notice ? { ...rest, [id]: notice } : rest));

  const addButton = (
    <Button variant="primary" icon={<Plus size={16} aria-hidden="true" />} onClick={() => setOpen({ dialog: 'add' })}>
      Add integration
    </Button>
  );

  return (
    <>
      <PageHeader
        title="Integrations"
        description={`Your PSA and vendor connections.${info.data?.secrets_note ? ` ${info.data.secrets_note}` : ''} TrueUp keeps a local copy of the data for offline work.`}
        actions={integrations.length > 0 ? addButton : undefined}
      />
      {list.isPending && (
        <div className="loading">
          <Spinner /> Loading integrations…
        </div>
      )}
      {list.isError && <InlineAlert>Could not load the integrations: {errorMessage(list.error)}</InlineAlert>}
      {list.data && integrations.length === 0 && (
        <EmptyState
          icon={<Plug size={22} />}
          title="No integrations yet"
          actions={
            <>
              {addButton}
              {info.data && !info.data.demo && (
                <Button
                  icon={<FlaskConical size={16} aria-hidden="true" />}
                  loading={switchTo.isPending}
                  onClick={() =>
                    switchTo.mutate('demo', {
                      onSuccess: () => navigate('sync-status'),
                      onError: (err) => notices.error('Could not open the demo workspace', err),
                    })
                  }
                >
                  Open the demo workspace
                </Button>
              )}
            </>
          }
        >
          Connect your PSA and your distributors: TrueUp keeps their data on this computer
          {credentialsHeld ? ` and their credentials ${credentialsHeld}` : ''}.
          Or look around the demo workspace first.
        </EmptyState>
      )}
      {integrations.length > 0 && (
        <div className="integration-list">
          {integrations.map((integration) => (
            <IntegrationCard
              key={integration.id}
              integration={integration}
              kind={kindOf(integration.kind)}
              secretsStore={secretsStore}
              notice={editNotices[integration.id]}
              onDismissNotice={() => setEditNotice(integration.id, undefined)}
              onEdit={() => setOpen({ dialog: 'edit', integration })}
              onResetCredentials={() => setOpen({ dialog: 'reset', integration })}
              onDelete={() => setOpen({ dialog: 'delete', integration })}
            />
          ))}
        </div>
      )}

      {open?.dialog === 'add' && (
        <AddIntegrationDialog
          secretsNote={info.data?.secrets_note}
          onClose={close}
          onAdded={(added) =>
            notices.success(
              kindOf(added.kind)?.no_server
                ? `Added ${added.name}. Import a file into it from Sync Status (Import file…).`
                : `Added ${added.name}. Test the connection, then sync it.`,
            )
          }
        />
      )}
      {open?.dialog === 'edit' && kindOf(open.integration.kind) && (
        <EditIntegrationDialog
          integration={open.integration}
          kind={kindOf(open.integration.kind)!}
          onClose={close}
          onSaved={(updated) => setEditNotice(updated.id, updated.notice)}
        />
      )}
      {open?.dialog === 'reset' && kindOf(open.integration.kind) && (
        <ResetCredentialsDialog
          integration={open.integration}
          kind={kindOf(open.integration.kind)!}
          secretsNote={info.data?.secrets_note}
          onClose={close}
          onDone={() => {
            setEditNotice(open.integration.id, undefined);
            notices.success(`Stored new credentials for ${open.integration.name}.`);
          }}
        />
      )}
      {open?.dialog === 'delete' && (
        <DeleteIntegrationDialog
          integration={open.integration}
          secretsStore={secretsStore}
          onClose={close}
          onDeleted={() => notices.success(`Deleted ${open.integration.name}.`)}
        />
      )}
    </>
  );
}
