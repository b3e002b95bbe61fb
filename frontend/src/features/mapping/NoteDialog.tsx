import { useId, useState } from 'react';
import { errorMessage, useSetAccountNote } from '@/api';
import { Button, Dialog, Field, InlineAlert, useNotices } from '@/components/ui';

/** Splits "multi-site, check by hand" into tags, without blanks or repeats. */
export function parseTags(text: string): string[] {
  const out: string[] = [];
  for (const t of text.split(',').map((s) => s.trim())) {
    if (t && !out.includes(t)) out.push(t);
  }
  return out;
}

/**
 * The note and tags of a PSA account (e.g. "multi-site: check by hand"); they show on every
 * card of the account. Saving both empty removes them.
 */
export function NoteDialog({
  psaIntegrationId,
  accountId,
  accountName,
  note: initialNote,
  tags: initialTags,
  onClose,
}: {
  psaIntegrationId: number;
  accountId: string;
  accountName: string;
  note: string;
  tags: string[];
  onClose: () => void;
}) {
  const [note, setNote] = useState(initialNote);
  const [tags, setTags] = useState(initialTags.join(', '));
  const save = useSetAccountNote();
  const notices = useNotices();
  const noteId = useId();
  const tagsId = useId();
  const formId = useId();

  return (
    <Dialog
      title={`Note on ${accountName}`}
      description="Shown on every card of this account, so whoever reviews them sees it."
      onClose={onClose}
      size="sm"
      footer={
        <>
          <Button variant="ghost" onClick={onClose} disabled={save.isPending}>
            Cancel
          </Button>
          <Button variant="primary" type="submit" form={formId} loading={save.isPending}>
            Save note
          </Button>
        </>
      }
    >
      <form
        id={formId}
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(
            { psa_integration_id: psaIntegrationId, account_id: accountId, note: note.trim(), tags: parseTags(tags) },
            {
              onSuccess: () => {
                notices.success(note.trim() || tags.trim() ? `Saved the note on ${accountName}` : `Removed the note on ${accountName}`);
                onClose();
              },
            },
          );
        }}
      >
        <Field id={noteId} label="Note">
          <textarea
            id={noteId}
            className="input textarea"
            rows={3}
            value={note}
            placeholder="multi-site: check by hand"
            onChange={(e) => setNote(e.target.value)}
          />
        </Field>
        <Field id={tagsId} label="Tags" help="Separated by commas, e.g. multi-site, annual.">
          <input id={tagsId} className="input" value={tags} onChange={(e) => setTags(e.target.value)} />
        </Field>
        {save.isError && <InlineAlert>Could not save the note: {errorMessage(save.error)}</InlineAlert>}
      </form>
    </Dialog>
  );
}
