import * as RadixDialog from '@radix-ui/react-dialog';
import { X } from 'lucide-react';
import type { ReactNode } from 'react';
import './ui.css';

const FOCUSABLE = [
  'a[href]',
  'button:not([disabled])',
  'input:not([disabled]):not([type="hidden"])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  '[tabindex]:not([tabindex="-1"])',
];
const within = (scope: string) => FOCUSABLE.map((s) => `${scope} ${s}`).join(', ');

export interface DialogProps {
  title: ReactNode;
  description?: ReactNode;
  onClose: () => void;
  children?: ReactNode;
  /** Stays in view below the body, which scrolls on its own (form buttons belong here). */
  footer?: ReactNode;
  size?: 'sm' | 'md' | 'lg' | 'xl';
  testId?: string;
  /** Icon or status shown before the title. */
  leading?: ReactNode;
  /** The element to focus first (defaults to the first focusable control of the body). */
  initialFocus?: string;
}

/**
 * A modal dialog on Radix UI's Dialog primitive, which owns the hard parts (focus trap,
 * focus return, Escape closing only the innermost of nested dialogs, outside clicks, inert
 * background, scroll lock). Render it only while open: unmounting drops any form state,
 * secrets included.
 */
export function Dialog({
  title,
  description,
  onClose,
  children,
  footer,
  size = 'md',
  testId,
  leading,
  initialFocus,
}: DialogProps) {
  return (
    <RadixDialog.Root open onOpenChange={(open) => !open && onClose()}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="dialog-backdrop">
          <RadixDialog.Content
            className={`dialog dialog--${size}`}
            aria-modal="true"
            data-testid={testId}
            // Radix warns without a Description unless told there is none.
            {...(description ? {} : { 'aria-describedby': undefined })}
            onOpenAutoFocus={(e) => {
              // Radix would focus the first control, the header's close button: focus the
              // one the user came for instead.
              const root = e.currentTarget as HTMLElement;
              const target =
                (initialFocus ? root.querySelector<HTMLElement>(initialFocus) : null) ??
                root.querySelector<HTMLElement>(within('.dialog__body')) ??
                root.querySelector<HTMLElement>(within('.dialog__footer'));
              if (target) {
                e.preventDefault();
                target.focus();
              }
            }}
          >
            <header className="dialog__header">
              {leading && <div className="dialog__leading">{leading}</div>}
              <div className="dialog__heading">
                <RadixDialog.Title className="dialog__title">{title}</RadixDialog.Title>
                {description && (
                  <RadixDialog.Description asChild>
                    <div className="dialog__desc">{description}</div>
                  </RadixDialog.Description>
                )}
              </div>
              <RadixDialog.Close className="icon-btn dialog__close" aria-label="Close dialog">
                <X size={18} aria-hidden="true" />
              </RadixDialog.Close>
            </header>
            <div className="dialog__body">{children}</div>
            {footer && <footer className="dialog__footer">{footer}</footer>}
          </RadixDialog.Content>
        </RadixDialog.Overlay>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}
