import * as ToggleGroup from '@radix-ui/react-toggle-group';
import type { ReactNode } from 'react';
import { Tooltip } from './Tooltip';
import './ui.css';
import './controls.css';

export interface Segment<T extends string> {
  value: T;
  label: ReactNode;
  /** Accessible name when the label is an icon. */
  ariaLabel?: string;
  tooltip?: string;
}

/**
 * One choice out of a few, always visible (a view, a state filter), on Radix UI's
 * ToggleGroup: arrow keys move between the segments, and one is always chosen.
 */
export function SegmentedControl<T extends string>({
  value,
  onChange,
  segments,
  label,
  size = 'md',
}: {
  value: T;
  onChange: (value: T) => void;
  segments: Segment<T>[];
  label: string;
  size?: 'sm' | 'md';
}) {
  return (
    <ToggleGroup.Root
      type="single"
      className={`segmented segmented--${size}`}
      value={value}
      aria-label={label}
      onValueChange={(v) => {
        // Radix allows un-pressing the chosen segment; a filter always has a value.
        if (v) onChange(v as T);
      }}
    >
      {segments.map((s) => {
        const item = (
          <ToggleGroup.Item key={s.value} value={s.value} className="segmented__item" aria-label={s.ariaLabel}>
            {s.label}
          </ToggleGroup.Item>
        );
        return s.tooltip ? (
          <Tooltip key={s.value} content={s.tooltip}>
            {item}
          </Tooltip>
        ) : (
          item
        );
      })}
    </ToggleGroup.Root>
  );
}
