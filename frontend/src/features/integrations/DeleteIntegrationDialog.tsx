import { errorMessage, useDeleteIntegration, type Integration } from '@/api';
import { ConfirmDialog } from '@/components/ui';
import { credentialsWording } from './credentialsWording';

export function DeleteIntegrationDialog({
  integration,
  secretsStore,
  onClose,
  onDeleted,
}: {
  integration: Integration;
  /** WorkspaceInfo.secrets_store: says where the credentials that go are kept. */
  secretsStore: string | undefined;
  onClose: () => void;
  onDeleted?: () => void;
}) {
  const remove = useDeleteIntegration();
  const held = credentialsWording(secretsStore).held;
  return (
    <ConfirmDialog
      title={`Delete ${integration.name}?`}
      confirmLabel="Delete integration"
      tone="danger"
      busy={remove.isPending}
      error={remove.error ? `Could not delete: ${errorMessage(remove.error)}` : null}
      onConfirm={() =>
        remove.mutate(integration.id, {
          onSuccess: () => {
            onDeleted?.();
            onClose();
          },
        })
      }
      onClose={onClose}
      testId="delete-integration"
    >
      <p>This removes, for {integration.name} only:</p>
      <ul>
        <li>its credentials (secrets){held ? ` ${held}` : ''},</li>
        <li>its cached data,</li>
        <li>its sync history and logs.</li>
      </ul>
      <p>Other integrations are untouched. This cannot be undone.</p>
    </ConfirmDialog>
  );
}
