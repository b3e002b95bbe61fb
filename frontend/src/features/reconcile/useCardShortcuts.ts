import { useEffect, useRef } from 'react';

export interface ShortcutHandlers {
  /** Card ids in display order. */
  order: string[];
  focusedId: string | null;
  setFocusedId(id: string): void;
  approve(id: string): void;
  dismiss(id: string): void;
  review(id: string): void;
  toggleSelect(id: string): void;
}

/** Keys typed into a field, or while a dialog or popover is open, are not shortcuts. */
export function isTypingOrModal(e: KeyboardEvent): boolean {
  if (e.ctrlKey || e.metaKey || e.altKey) return true;
  const t = e.target as HTMLElement | null;
  if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return true;
  return document.querySelector('[role="dialog"], [role="alertdialog"], [role="listbox"], [role="menu"]') !== null;
}

/** j/k move between cards, a approve, d dismiss, r review, x select (the focused card). */
export function useCardShortcuts(h: ShortcutHandlers): void {
  const ref = useRef(h);
  useEffect(() => {
    ref.current = h;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTypingOrModal(e)) return;
      const { order, focusedId } = ref.current;
      if (order.length === 0) return;
      const at = focusedId ? order.indexOf(focusedId) : -1;
      const move = (delta: number) => {
        const next = at < 0 ? 0 : Math.max(0, Math.min(order.length - 1, at + delta));
        ref.current.setFocusedId(order[next]!);
      };
      const act = (f: (id: string) => void) => {
        if (at >= 0) f(order[at]!);
      };
      switch (e.key) {
        case 'j':
          move(1);
          break;
        case 'k':
          move(-1);
          break;
        case 'a':
          act(ref.current.approve);
          break;
        case 'd':
          act(ref.current.dismiss);
          break;
        case 'r':
          act(ref.current.review);
          break;
        case 'x':
          act(ref.current.toggleSelect);
          break;
        default:
          return;
      }
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
