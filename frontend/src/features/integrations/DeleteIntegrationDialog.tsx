import { errorMessage, useDeleteIntegration, type Integration } from '@/api';
import { ConfirmDialog } from '@/components/ui';

export function DeleteIntegrationDialog({
  integration,
  onClose,
  onDeleted,
}: {
  integration: Integration;
  onClose: () => void;
  onDeleted?: () => void;
}) {
  const remove = useDeleteIntegration();
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
        <li>its credentials (secrets) in the OS keychain,</li>
        <li>its cached data,</li>
        <li>its sync history and logs.</li>
      </ul>
      <p>Other integrations are untouched. This cannot be undone.</p>
    </ConfirmDialog>
  );
}
