import { useEffect, useId, useRef, useState } from 'react';
import { errorField, errorMessage, isValidationError, useUpdateIntegration, type Integration, type KindInfo } from '@/api';
import { Button, Dialog, InlineAlert } from '@/components/ui';
import { IntegrationFields, initialValues, toConcurrency } from './IntegrationFields';
import { movesToAnotherServer } from './server';
import { focusFirstInvalid, placeBackendError, validateIntegration, withoutError, type FieldErrors } from './validate';

export const MOVE_WARNING =
  'This base URL is on another server: saving removes the stored credentials; you will enter them again.';

/**
 * Edit name, base URL, settings and concurrency. Secrets are not shown or sent here. A base
 * URL on another server makes the backend remove the stored credentials: the field warns
 * before saving, and onSaved gets the answer, whose notice says what happened.
 */
export function EditIntegrationDialog({
  integration,
  kind,
  onClose,
  onSaved,
}: {
  integration: Integration;
  kind: KindInfo;
  onClose: () => void;
  onSaved?: (updated: Integration) => void;
}) {
  const [values, setValues] = useState(() => initialValues(kind, integration));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [attempt, setAttempt] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const update = useUpdateIntegration();
  const idPrefix = useId();
  const formId = `${idPrefix}-form`;
  const form = useRef<HTMLFormElement>(null);
  const moveWarning =
    integration.secrets_set && movesToAnotherServer(integration.base_url, values.base_url) ? MOVE_WARNING : undefined;

  useEffect(() => {
    if (attempt > 0) focusFirstInvalid(form.current);
  }, [attempt]);

  function submit(e: React.FormEvent) {
    e.preventDefault();
    const found = validateIntegration(kind, values);
    setErrors(found);
    setError(null);
    if (Object.keys(found).length > 0) {
      setAttempt((n) => n + 1);
      return;
    }
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
      {
        onSuccess: (updated) => {
          onSaved?.(updated);
          onClose();
        },
        onError: (err) => {
          const placed = isValidationError(err) ? placeBackendError(form.current, errorField(err), errorMessage(err)) : null;
          if (placed) setErrors({ [placed.field]: placed.message });
          else setError(isValidationError(err) ? errorMessage(err) : `Could not save: ${errorMessage(err)}`);
          setAttempt((n) => n + 1);
        },
      },
    );
  }

  return (
    <Dialog
      title={`Edit ${integration.name}`}
      description={`${integration.kind_label}. To replace the credentials, use Reset credentials.`}
      onClose={onClose}
      testId="edit-integration"
      footer={
        <>
          <Button variant="ghost" onClick={onClose} disabled={update.isPending}>
            Cancel
          </Button>
          <Button type="submit" form={formId} variant="primary" loading={update.isPending}>
            Save changes
          </Button>
        </>
      }
    >
      <form
        id={formId}
        ref={form}
        className="form"
        onSubmit={submit}
        onInput={(e) => setErrors((all) => withoutError(all, (e.target as HTMLElement).dataset.field))}
        noValidate
      >
        <IntegrationFields
          kind={kind}
          values={values}
          errors={errors}
          baseUrlWarning={moveWarning}
          onChange={setValues}
          idPrefix={idPrefix}
        />
        {error && <InlineAlert>{error}</InlineAlert>}
      </form>
    </Dialog>
  );
}
