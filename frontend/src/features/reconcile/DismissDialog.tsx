import { useId, useState } from 'react';
import { errorMessage, useDismiss, type Card } from '@/api';
import { Button, Dialog, Field, InlineAlert, useNotices } from '@/components/ui';

/** Dismiss hides the card until the next billing cycle, or until a quantity changes. */
export function DismissDialog({ card, onClose }: { card: Card; onClose: () => void }) {
  const [note, setNote] = useState('');
  const dismiss = useDismiss();
  const notices = useNotices();
  const noteId = useId();
  const formId = useId();
  return (
    <Dialog
      title={`Dismiss ${card.product_name}`}
      description={`${card.account_name}. It comes back next billing cycle, or sooner if either quantity changes.`}
      onClose={onClose}
      size="sm"
      testId="dismiss-dialog"
      footer={
        <>
          <Button variant="ghost" onClick={onClose} disabled={dismiss.isPending}>
            Cancel
          </Button>
          <Button variant="primary" type="submit" form={formId} loading={dismiss.isPending}>
            Dismiss
          </Button>
        </>
      }
    >
      <form
        id={formId}
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          dismiss.mutate(
            { cardIds: [card.id], note: note.trim() },
            {
              onSuccess: () => {
                notices.success(`Dismissed ${card.product_name} for ${card.account_name} until next cycle`);
                onClose();
              },
            },
          );
        }}
      >
        <Field id={noteId} label="Note (optional)" help="Kept in the Activity Log with the decision.">
          <textarea id={noteId} className="input textarea" rows={3} value={note} onChange={(e) => setNote(e.target.value)} placeholder="Customer asked to wait until their renewal" />
        </Field>
        {dismiss.isError && <InlineAlert>Could not dismiss: {errorMessage(dismiss.error)}</InlineAlert>}
      </form>
    </Dialog>
  );
}
