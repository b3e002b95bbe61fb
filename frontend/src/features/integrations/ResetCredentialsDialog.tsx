import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { api, errorField, errorMessage, isValidationError, queryKeys, type Integration, type KindInfo } from '@/api';
import { Button, Dialog, InlineAlert } from '@/components/ui';
import { readSecrets, SecretFields } from './SecretFields';
import { focusFirstInvalid, placeBackendError, withoutError, type FieldErrors } from './validate';

/** Replaces the integration's stored secrets (the fields left empty stay). */
export function ResetCredentialsDialog({
  integration,
  kind,
  secretsNote,
  onClose,
  onDone,
}: {
  integration: Integration;
  kind: KindInfo;
  /** WorkspaceInfo.secrets_note: where the new values are kept. */
  secretsNote?: string;
  onClose: () => void;
  onDone?: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [attempt, setAttempt] = useState(0);
  const qc = useQueryClient();
  const idPrefix = useId();
  const formId = `${idPrefix}-form`;
  const form = useRef<HTMLFormElement>(null);

  useEffect(() => {
    if (attempt > 0) focusFirstInvalid(form.current);
  }, [attempt]);

  async function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formEl = e.currentTarget;
    const secrets = readSecrets(formEl, kind.secrets ?? []);
    setError(null);
    setErrors({});
    if (Object.keys(secrets).length === 0) {
      setError('Enter at least one new value; the fields left empty keep their stored value.');
      return;
    }
    setBusy(true);
    try {
      await api.integrations.setSecrets(integration.id, secrets);
      await qc.invalidateQueries({ queryKey: queryKeys.integrations });
      onDone?.();
      onClose();
    } catch (err) {
      setBusy(false);
      const placed = isValidationError(err) ? placeBackendError(formEl, errorField(err), errorMessage(err)) : null;
      if (placed) setErrors({ [placed.field]: placed.message });
      else setError(isValidationError(err) ? errorMessage(err) : `Could not store the credentials: ${errorMessage(err)}`);
      setAttempt((n) => n + 1);
    }
  }

  return (
    <Dialog
      title={`Reset credentials of ${integration.name}`}
      description={`The new values replace the stored ones; fields left empty keep theirs.${secretsNote ? ` ${secretsNote}` : ''} After a reset, a Full Sync makes sure the cache matches the source.`}
      onClose={onClose}
      testId="reset-credentials"
      footer={
        <>
          <Button variant="ghost" onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" form={formId} variant="primary" loading={busy}>
            Store credentials
          </Button>
        </>
      }
    >
      <form
        id={formId}
        ref={form}
        className="form"
        onSubmit={(e) => void submit(e)}
        onInput={(e) => setErrors((all) => withoutError(all, (e.target as HTMLElement).dataset.field))}
        noValidate
      >
        <SecretFields fields={kind.secrets ?? []} idPrefix={idPrefix} errors={errors} />
        {error && <InlineAlert>{error}</InlineAlert>}
      </form>
    </Dialog>
  );
}
