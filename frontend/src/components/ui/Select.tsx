import * as RadixSelect from '@radix-ui/react-select';
import { Check, ChevronDown } from 'lucide-react';
import './ui.css';

export interface SelectOption {
  value: string;
  label: string;
  /** Shown after the label in the list, e.g. the role. */
  hint?: string;
}

/**
 * A styled select on Radix UI's Select: the list is drawn by the page, in the app's theme,
 * instead of the native GTK popup WebKitGTK opens for <select>.
 */
export function Select({
  id,
  value,
  options,
  onChange,
  placeholder,
  ariaLabel,
}: {
  id?: string;
  value: string;
  options: SelectOption[];
  onChange: (value: string) => void;
  placeholder?: string;
  ariaLabel?: string;
}) {
  // The chosen label as the value's own text: Radix otherwise copies it from the open list's
  // item once mounted, so a server render (the build's first screen, app/firstScreen) and the
  // first frame showed an empty field.
  const chosen = options.find((o) => o.value === value)?.label;
  return (
    <RadixSelect.Root value={value} onValueChange={onChange}>
      <RadixSelect.Trigger id={id} className="select-trigger" aria-label={ariaLabel}>
        <span className="select-trigger__value">
          <RadixSelect.Value placeholder={placeholder}>{chosen}</RadixSelect.Value>
        </span>
        <RadixSelect.Icon className="select-trigger__icon">
          <ChevronDown size={16} aria-hidden="true" />
        </RadixSelect.Icon>
      </RadixSelect.Trigger>
      <RadixSelect.Portal>
        <RadixSelect.Content className="select-content" position="popper" sideOffset={4} collisionPadding={8}>
          <RadixSelect.Viewport className="select-viewport">
            {options.map((o) => (
              <RadixSelect.Item key={o.value} value={o.value} className="select-item">
                <RadixSelect.ItemIndicator className="select-item__check">
                  <Check size={14} aria-hidden="true" />
                </RadixSelect.ItemIndicator>
                <RadixSelect.ItemText>{o.label}</RadixSelect.ItemText>
                {o.hint && <span className="select-item__hint">{o.hint}</span>}
              </RadixSelect.Item>
            ))}
          </RadixSelect.Viewport>
        </RadixSelect.Content>
      </RadixSelect.Portal>
    </RadixSelect.Root>
  );
}
