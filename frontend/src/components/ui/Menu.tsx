import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { ChevronDown } from 'lucide-react';
import type { ReactNode } from 'react';
import { Button, type ButtonVariant } from './Button';
import './ui.css';

export interface MenuItem {
  key: string;
  label: string;
  description?: string;
  icon?: ReactNode;
  onSelect: () => void;
}

/**
 * A button that opens a small menu of actions, on Radix UI's DropdownMenu (keyboard
 * navigation, typeahead, Escape, outside click, placement that stays inside the window).
 */
export function MenuButton({
  label,
  icon,
  items,
  variant = 'secondary',
  size = 'md',
  ariaLabel,
  disabled,
  loading,
}: {
  label: string;
  /** A fuller name for screen readers when the label relies on its context ("More"). */
  ariaLabel?: string;
  size?: 'sm' | 'md';
  icon?: ReactNode;
  items: MenuItem[];
  variant?: ButtonVariant;
  disabled?: boolean;
  loading?: boolean;
}) {
  return (
    <DropdownMenu.Root modal={false}>
      <DropdownMenu.Trigger asChild disabled={disabled || loading}>
        <Button
          variant={variant}
          size={size}
          aria-label={ariaLabel}
          icon={icon}
          trailingIcon={<ChevronDown size={14} aria-hidden="true" />}
          loading={loading}
        >
          {label}
        </Button>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="menu__list" align="end" sideOffset={4} collisionPadding={8} aria-label={ariaLabel ?? label}>
          {items.map((item) => (
            <DropdownMenu.Item key={item.key} className="menu__item" onSelect={() => item.onSelect()}>
              {item.icon && (
                <span className="menu__icon" aria-hidden="true">
                  {item.icon}
                </span>
              )}
              <span className="menu__text">
                <span className="menu__label">{item.label}</span>
                {item.description && <span className="menu__desc">{item.description}</span>}
              </span>
            </DropdownMenu.Item>
          ))}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
