import type { ButtonHTMLAttributes, ReactNode, Ref } from 'react';
import { Spinner } from './Spinner';
import { Tooltip } from './Tooltip';
import './ui.css';

export type ButtonVariant = 'primary' | 'secondary' | 'ghost' | 'danger';
export type ButtonSize = 'sm' | 'md';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  size?: ButtonSize;
  icon?: ReactNode;
  trailingIcon?: ReactNode;
  loading?: boolean;
  ref?: Ref<HTMLButtonElement>;
}

export function Button({
  variant = 'secondary',
  size = 'md',
  icon,
  trailingIcon,
  loading = false,
  disabled,
  className,
  children,
  type = 'button',
  ref,
  title,
  ...rest
}: ButtonProps) {
  const classes = ['btn', `btn--${variant}`, `btn--${size}`, className].filter(Boolean).join(' ');
  const button = (
    <button
      ref={ref}
      type={type}
      className={classes}
      disabled={disabled || loading}
      aria-busy={loading || undefined}
      {...rest}
    >
      {loading ? <Spinner size={size === 'sm' ? 14 : 16} /> : icon}
      {children !== undefined && children !== null && <span className="btn__label">{children}</span>}
      {trailingIcon}
    </button>
  );
  if (!title) return button;
  // title becomes a styled tooltip (see Tooltip); a disabled button gets no pointer
  // events, so its span carries the tooltip saying why it is disabled.
  const off = disabled || loading;
  return <Tooltip content={title}>{off ? <span className="btn-tip">{button}</span> : button}</Tooltip>;
}
