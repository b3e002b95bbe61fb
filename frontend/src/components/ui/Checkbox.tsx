import * as RadixCheckbox from '@radix-ui/react-checkbox';
import { Check, Minus } from 'lucide-react';
import './ui.css';
import './controls.css';

/** A styled checkbox on Radix UI's Checkbox; "indeterminate" for a partly selected group. */
export function Checkbox({
  checked,
  onChange,
  label,
  disabled,
  id,
}: {
  checked: boolean | 'indeterminate';
  onChange: (checked: boolean) => void;
  /** The accessible name (the visible label, if any, lives next to it). */
  label: string;
  disabled?: boolean;
  id?: string;
}) {
  return (
    <RadixCheckbox.Root
      id={id}
      className="ui-checkbox"
      checked={checked}
      disabled={disabled}
      aria-label={label}
      onCheckedChange={(v) => onChange(v === true)}
      onClick={(e) => e.stopPropagation()}
    >
      <RadixCheckbox.Indicator className="ui-checkbox__indicator">
        {checked === 'indeterminate' ? <Minus size={12} aria-hidden="true" /> : <Check size={12} aria-hidden="true" />}
      </RadixCheckbox.Indicator>
    </RadixCheckbox.Root>
  );
}
