import type { ReactNode } from 'react';
import './ui.css';

export type BadgeTone = 'neutral' | 'success' | 'warning' | 'danger' | 'info' | 'accent';

export function Badge({
  tone = 'neutral',
  icon,
  title,
  children,
  className,
}: {
  tone?: BadgeTone;
  icon?: ReactNode;
  title?: string;
  children: ReactNode;
  className?: string;
}) {
  return (
    <span className={['badge', `badge--${tone}`, className].filter(Boolean).join(' ')} title={title}>
      {icon}
      {children}
    </span>
  );
}
