import { X } from 'lucide-react';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import './ui.css';

/**
 * Open dialogs by render order. A parent renders before its children and a dialog opened
 * later renders later, so the highest number is the innermost: only it handles Escape.
 */
let renderCounter = 0;
const openDialogs = new Set<number>();

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export interface DialogProps {
  title: ReactNode;
  description?: ReactNode;
  onClose: () => void;
  children?: ReactNode;
  footer?: ReactNode;
  size?: 'sm' | 'md' | 'lg' | 'xl';
  testId?: string;
  /** Icon or status shown before the title. */
  leading?: ReactNode;
  /** The element to focus first (defaults to the first focusable control). */
  initialFocus?: string;
}

/**
 * A modal dialog: role=dialog, aria-modal, labelled by its title, Escape closes, Tab stays
 * inside, and focus returns to where it was when the dialog closes. Render it only while
 * open (unmounting drops any form state, secrets included).
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
  const titleId = useId();
  const descId = useId();
  const panel = useRef<HTMLDivElement>(null);
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  // Escape closes the innermost dialog even when focus fell out of it (e.g. to <body>
  // after the element that had focus was removed).
  const [order] = useState(() => ++renderCounter);
  useEffect(() => {
    openDialogs.add(order);
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      if (order !== Math.max(...openDialogs)) return;
      e.preventDefault();
      onCloseRef.current();
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      openDialogs.delete(order);
    };
  }, [order]);

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    const root = panel.current;
    if (root) {
      const preferred = initialFocus ? root.querySelector<HTMLElement>(initialFocus) : null;
      const body = root.querySelector<HTMLElement>('.dialog__body');
      const first =
        preferred ??
        body?.querySelector<HTMLElement>(FOCUSABLE) ??
        root.querySelector<HTMLElement>(FOCUSABLE);
      (first ?? root).focus();
    }
    return () => {
      if (previous && typeof previous.focus === 'function' && document.contains(previous)) {
        previous.focus();
      }
    };
  }, []);

  function onKeyDown(e: React.KeyboardEvent<HTMLDivElement>) {
    if (e.key !== 'Tab' || !panel.current) return;
    const items = Array.from(panel.current.querySelectorAll<HTMLElement>(FOCUSABLE));
    if (items.length === 0) return;
    const first = items[0]!;
    const last = items[items.length - 1]!;
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  }

  return createPortal(
    <div
      className="dialog-backdrop"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) onCloseRef.current();
      }}
    >
      <div
        ref={panel}
        className={`dialog dialog--${size}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={description ? descId : undefined}
        data-testid={testId}
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        <header className="dialog__header">
          {leading && <div className="dialog__leading">{leading}</div>}
          <div className="dialog__heading">
            <h2 id={titleId} className="dialog__title">
              {title}
            </h2>
            {description && (
              <div id={descId} className="dialog__desc">
                {description}
              </div>
            )}
          </div>
          <button
            type="button"
            className="icon-btn dialog__close"
            aria-label="Close dialog"
            title="Close (Esc)"
            onClick={() => onCloseRef.current()}
          >
            <X size={18} aria-hidden="true" />
          </button>
        </header>
        <div className="dialog__body">{children}</div>
        {footer && <footer className="dialog__footer">{footer}</footer>}
      </div>
    </div>,
    document.body,
  );
}
