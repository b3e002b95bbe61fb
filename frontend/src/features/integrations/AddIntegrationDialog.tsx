import { useQueryClient } from '@tanstack/react-query';
import { ArrowLeft, KeyRound } from 'lucide-react';
import { useEffect, useId, useRef, useState } from 'react';
import { api, errorField, errorMessage, invalidateIntegrationData, isValidationError, useKinds, type Integration, type KindInfo } from '@/api';
import { RolePill } from '@/components/RolePill';
import { Button, Dialog, InlineAlert, Spinner } from '@/components/ui';
import { IntegrationFields, initialValues, toConcurrency, type IntegrationFormValues } from './IntegrationFields';
import { KindPicker } from './KindPicker';
import { readSecrets, SecretFields } from './SecretFields';
import { focusFirstInvalid, placeBackendError, validateIntegration, withoutError, type FieldErrors } from './validate';

/**
 * Add integration: pick a kind, then fill its fields. Secrets are read from the form on
 * submit and sent straight to the backend (never kept in state or a query cache). Every
 * problem shows at once next to its field; the buttons stay in view below the fields.
 */
export function AddIntegrationDialog({
  secretsNote,
  onClose,
  onAdded,
}: {
  /** WorkspaceInfo.secrets_note: where the credentials typed here are kept. */
  secretsNote?: string;
  onClose: () => void;
  onAdded?: (integration: Integration) => void;
}) {
  const kinds = useKinds();
  const [kind, setKind] = useState<KindInfo | null>(null);
  const [values, setValues] = useState<IntegrationFormValues | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [attempt, setAttempt] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const qc = useQueryClient();
  const idPrefix = useId();
  const formId = `${idPrefix}-form`;

  // After a rejected submit, the first field to fix gets the focus.
  useEffect(() => {
    if (attempt > 0) focusFirstInvalid(form.current);
  }, [attempt]);

  function pick(k: KindInfo | null) {
    setKind(k);
    setValues(k ? initialValues(k) : null);
    setErrors({});
    setError(null);
  }

  async function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!kind || !values) return;
    const formEl = e.currentTarget;
    const secrets = readSecrets(formEl, kind.secrets ?? []);
    const found = validateIntegration(kind, values, secrets);
    setErrors(found);
    setError(null);
    if (Object.keys(found).length > 0) {
      setAttempt((n) => n + 1);
      return;
    }
    setBusy(true);
    try {
      const added = await api.integrations.add({
        kind: kind.kind,
        name: values.name.trim(),
        base_url: values.base_url.trim(),
        settings: values.settings,
        concurrency: toConcurrency(values.concurrency),
        secrets,
      });
      await invalidateIntegrationData(qc);
      onAdded?.(added);
      onClose();
    } catch (err) {
      setBusy(false);
      const placed = isValidationError(err) ? placeBackendError(formEl, errorField(err), errorMessage(err)) : null;
      if (placed) setErrors({ [placed.field]: placed.message });
      else setError(isValidationError(err) ? errorMessage(err) : `Could not add the integration: ${errorMessage(err)}`);
      setAttempt((n) => n + 1);
    }
  }

  return (
    <Dialog
      title={kind ? `Add ${kind.label}` : 'Add integration'}
      description={
        kind ? (
          <span className="kind-desc">
            <RolePill role={kind.role} /> {secretsNote}
          </span>
        ) : (
          'Choose the system to connect.'
        )
      }
      onClose={onClose}
      size="md"
      testId="add-integration"
      footer={
        kind && values ? (
          <div className="form__actions form__actions--split">
            <Button variant="ghost" icon={<ArrowLeft size={16} aria-hidden="true" />} onClick={() => pick(null)} disabled={busy}>
              Back
            </Button>
            <div className="form__actions">
              <Button variant="ghost" onClick={onClose} disabled={busy}>
                Cancel
              </Button>
              <Button type="submit" form={formId} variant="primary" loading={busy}>
                Add integration
              </Button>
            </div>
          </div>
        ) : undefined
      }
    >
      {!kind && (
        <>
          {kinds.isPending && (
            <div className="loading">
              <Spinner /> Loading…
            </div>
          )}
          {kinds.isError && <InlineAlert>Could not load the integration kinds: {errorMessage(kinds.error)}</InlineAlert>}
          {kinds.data && <KindPicker kinds={kinds.data} onPick={pick} />}
        </>
      )}
      {kind && values && (
        <form
          id={formId}
          ref={form}
          className="form"
          onSubmit={(e) => void submit(e)}
          onInput={(e) => setErrors((all) => withoutError(all, (e.target as HTMLElement).dataset.field))}
          noValidate
          aria-label={`Add ${kind.label}`}
        >
          <IntegrationFields kind={kind} values={values} errors={errors} onChange={setValues} idPrefix={idPrefix} />
          {(kind.secrets?.length ?? 0) > 0 && (
            <fieldset className="fieldset">
              <legend className="fieldset__legend">
                <KeyRound size={14} aria-hidden="true" /> Credentials
              </legend>
              <SecretFields fields={kind.secrets} idPrefix={idPrefix} errors={errors} />
            </fieldset>
          )}
          {error && <InlineAlert>{error}</InlineAlert>}
        </form>
      )}
    </Dialog>
  );
}
