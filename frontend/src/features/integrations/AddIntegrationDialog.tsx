import { useQueryClient } from '@tanstack/react-query';
import { ArrowLeft, KeyRound } from 'lucide-react';
import { useId, useRef, useState } from 'react';
import { api, errorField, errorMessage, invalidateIntegrationData, isValidationError, useKinds, type Integration, type KindInfo } from '@/api';
import { RolePill } from '@/components/RolePill';
import { Button, Dialog, InlineAlert, Spinner, flagInvalidField } from '@/components/ui';
import { IntegrationFields, initialValues, toConcurrency, type IntegrationFormValues } from './IntegrationFields';
import { KindPicker } from './KindPicker';
import { readSecrets, SecretFields } from './SecretFields';

/**
 * Add integration: pick a kind, then fill its fields. Secrets are read from the form on
 * submit and sent straight to the backend (never kept in state or a query cache).
 */
export function AddIntegrationDialog({
  onClose,
  onAdded,
}: {
  onClose: () => void;
  onAdded?: (integration: Integration) => void;
}) {
  const kinds = useKinds();
  const [kind, setKind] = useState<KindInfo | null>(null);
  const [values, setValues] = useState<IntegrationFormValues | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const qc = useQueryClient();
  const idPrefix = useId();

  function pick(k: KindInfo) {
    setKind(k);
    setValues(initialValues(k));
    setError(null);
  }

  async function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!kind || !values) return;
    setBusy(true);
    setError(null);
    try {
      const added = await api.integrations.add({
        kind: kind.kind,
        name: values.name.trim(),
        base_url: values.base_url.trim(),
        settings: values.settings,
        concurrency: toConcurrency(values.concurrency),
        secrets: readSecrets(e.currentTarget, kind.secrets ?? []),
      });
      await invalidateIntegrationData(qc);
      onAdded?.(added);
      onClose();
    } catch (err) {
      setError(isValidationError(err) ? errorMessage(err) : `Could not add the integration: ${errorMessage(err)}`);
      setBusy(false);
      flagInvalidField(form.current, errorField(err));
    }
  }

  return (
    <Dialog
      title={kind ? `Add ${kind.label}` : 'Add integration'}
      description={
        kind ? (
          <span className="kind-desc">
            <RolePill role={kind.role} /> Credentials are stored in the OS keychain only.
          </span>
        ) : (
          'Choose the system to connect.'
        )
      }
      onClose={onClose}
      size="md"
      testId="add-integration"
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
        <form ref={form} className="form" onSubmit={(e) => void submit(e)} noValidate aria-label={`Add ${kind.label}`}>
          <IntegrationFields kind={kind} values={values} onChange={setValues} idPrefix={idPrefix} />
          {(kind.secrets?.length ?? 0) > 0 && (
            <fieldset className="fieldset">
              <legend className="fieldset__legend">
                <KeyRound size={14} aria-hidden="true" /> Credentials
              </legend>
              <SecretFields fields={kind.secrets} idPrefix={idPrefix} />
            </fieldset>
          )}
          {error && <InlineAlert>{error}</InlineAlert>}
          <div className="form__actions form__actions--split">
            <Button variant="ghost" icon={<ArrowLeft size={16} aria-hidden="true" />} onClick={() => { setKind(null); setValues(null); setError(null); }} disabled={busy}>
              Back
            </Button>
            <div className="form__actions">
              <Button variant="ghost" onClick={onClose} disabled={busy}>
                Cancel
              </Button>
              <Button type="submit" variant="primary" loading={busy}>
                Add integration
              </Button>
            </div>
          </div>
        </form>
      )}
    </Dialog>
  );
}
