import './ui.css';
import './controls.css';

/** A key as printed on the keyboard, e.g. the shortcut of a button. */
export function Kbd({ children }: { children: string }) {
  return <kbd className="kbd">{children}</kbd>;
}
