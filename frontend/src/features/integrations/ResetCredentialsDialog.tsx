import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { api, errorField, errorMessage, isValidationError, queryKeys, type Integration, type KindInfo } from '@/api';
import { Button, Dialog, InlineAlert, flagInvalidField } from '@/components/ui';
import { readSecrets, SecretFields } from './SecretFields';

/** Replaces the integration's secrets in the OS keychain. */
export function ResetCredentialsDialog({
  integration,
  kind,
  onClose,
  onDone,
}: {
  integration: Integration;
  kind: KindInfo;
  onClose: () => void;
  onDone?: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const qc = useQueryClient();
  const idPrefix = useId();

  async function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formEl = e.currentTarget;
    setBusy(true);
    setError(null);
    try {
      await api.integrations.setSecrets(integration.id, readSecrets(e.currentTarget, kind.secrets ?? []));
      await qc.invalidateQueries({ queryKey: queryKeys.integrations });
      onDone?.();
      onClose();
    } catch (err) {
      setError(isValidationError(err) ? errorMessage(err) : `Could not store the credentials: ${errorMessage(err)}`);
      setBusy(false);
      flagInvalidField(formEl, errorField(err));
    }
  }

  return (
    <Dialog
      title={`Reset credentials of ${integration.name}`}
      description="The new values replace the ones in the OS keychain. After a reset, a Full Sync makes sure the cache matches the source."
      onClose={onClose}
      testId="reset-credentials"
    >
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <SecretFields fields={kind.secrets ?? []} idPrefix={idPrefix} />
        {error && <InlineAlert>{error}</InlineAlert>}
        <div className="form__actions">
          <Button variant="ghost" onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" loading={busy}>
            Store credentials
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
