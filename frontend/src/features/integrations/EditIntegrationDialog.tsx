import { useId, useRef, useState } from 'react';
import { errorField, errorMessage, isValidationError, useUpdateIntegration, type Integration, type KindInfo } from '@/api';
import { Button, Dialog, InlineAlert, flagInvalidField } from '@/components/ui';
import { IntegrationFields, initialValues, toConcurrency } from './IntegrationFields';

/** Edit name, base URL, settings and concurrency. Secrets are not shown or sent here. */
export function EditIntegrationDialog({
  integration,
  kind,
  onClose,
}: {
  integration: Integration;
  kind: KindInfo;
  onClose: () => void;
}) {
  const [values, setValues] = useState(() => initialValues(kind, integration));
  const update = useUpdateIntegration();
  const idPrefix = useId();
  const form = useRef<HTMLFormElement>(null);

  function submit(e: React.FormEvent) {
    e.preventDefault();
    update.mutate(
      {
        id: integration.id,
        input: {
          kind: integration.kind,
          name: values.name.trim(),
          base_url: values.base_url.trim(),
          settings: values.settings,
          concurrency: toConcurrency(values.concurrency),
        },
      },
      { onSuccess: onClose, onError: (err) => flagInvalidField(form.current, errorField(err)) },
    );
  }

  const error = update.error
    ? isValidationError(update.error)
      ? errorMessage(update.error)
      : `Could not save: ${errorMessage(update.error)}`
    : null;

  return (
    <Dialog
      title={`Edit ${integration.name}`}
      description={`${integration.kind_label}. To replace the credentials, use Reset credentials.`}
      onClose={onClose}
      testId="edit-integration"
    >
      <form ref={form} className="form" onSubmit={submit} noValidate>
        <IntegrationFields kind={kind} values={values} onChange={setValues} idPrefix={idPrefix} />
        {error && <InlineAlert>{error}</InlineAlert>}
        <div className="form__actions">
          <Button variant="ghost" onClick={onClose} disabled={update.isPending}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" loading={update.isPending}>
            Save changes
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
