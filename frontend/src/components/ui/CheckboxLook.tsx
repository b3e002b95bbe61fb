import { Check } from 'lucide-react';

/**
 * How a Checkbox looks, without its Radix parts, handlers or accessible name: for rows seen
 * for a frame while a list is flung (see useSkimming). Hidden from assistive technology,
 * which reads the real Checkbox once the row rests.
 */
export function CheckboxLook({ checked }: { checked: boolean }) {
  return (
    <span className="ui-checkbox" data-state={checked ? 'checked' : 'unchecked'} aria-hidden="true">
      {checked && (
        <span className="ui-checkbox__indicator">
          <Check size={12} aria-hidden="true" />
        </span>
      )}
    </span>
  );
}
