import type { ReactNode } from 'react';
import { Tooltip } from './Tooltip';
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
    <Tooltip content={title}>
      <span className={['badge', `badge--${tone}`, className].filter(Boolean).join(' ')}>
        {icon}
        {children}
      </span>
    </Tooltip>
  );
}
