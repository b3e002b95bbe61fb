import type { ReactNode } from 'react';
import { Button } from './Button';
import { Dialog } from './Dialog';
import { InlineAlert } from './InlineAlert';

export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  cancelLabel = 'Cancel',
  tone = 'primary',
  busy = false,
  error,
  onConfirm,
  onClose,
  testId,
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  tone?: 'primary' | 'danger';
  busy?: boolean;
  error?: string | null;
  onConfirm: () => void;
  onClose: () => void;
  testId?: string;
}) {
  return (
    <Dialog
      title={title}
      onClose={onClose}
      size="sm"
      testId={testId}
      initialFocus="[data-autofocus]"
      footer={
        <>
          <Button variant="ghost" onClick={onClose} disabled={busy}>
            {cancelLabel}
          </Button>
          <Button
            variant={tone === 'danger' ? 'danger' : 'primary'}
            onClick={onConfirm}
            loading={busy}
            data-autofocus=""
          >
            {confirmLabel}
          </Button>
        </>
      }
    >
      <div className="confirm__text">{children}</div>
      {error && <InlineAlert>{error}</InlineAlert>}
    </Dialog>
  );
}
