import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { StatusIcon } from './StatusIcon';

describe('StatusIcon', () => {
  it.each([
    ['queued', 'Hourglass', 'Queued'],
    ['running', 'LoaderCircle', 'Running'],
    ['succeeded', 'CircleCheck', 'Succeeded'],
    ['partial', 'TriangleAlert', 'Partly succeeded'],
    ['failed', 'CircleX', 'Failed'],
    ['cancelled', 'Ban', 'Cancelled'],
  ])('%s shows %s labelled %s', (status, icon, label) => {
    render(<StatusIcon status={status} />);
    const el = screen.getByTestId('status-icon');
    expect(el).toHaveAttribute('data-status', status);
    expect(el).toHaveAccessibleName(label);
    expect(el).not.toHaveAttribute('title'); // a styled tooltip instead of the native one
    expect(el.querySelector('svg')).toHaveAttribute('data-icon', icon);
  });

  it('spins only while running', () => {
    const { rerender } = render(<StatusIcon status="running" />);
    expect(screen.getByTestId('status-icon').querySelector('svg')).toHaveClass('spin');
    rerender(<StatusIcon status="succeeded" />);
    expect(screen.getByTestId('status-icon').querySelector('svg')).not.toHaveClass('spin');
  });

  it('explains itself in a tooltip that goes away when the log opens', async () => {
    const user = userEvent.setup();
    const onOpenLog = vi.fn();
    render(<StatusIcon status="partial" onOpenLog={onOpenLog} />);
    await user.hover(screen.getByTestId('status-icon'));
    expect(await screen.findByRole('tooltip')).toHaveTextContent('Finished, but some sections failed. Click to open the sync log.');
    await user.click(screen.getByTestId('status-icon'));
    expect(onOpenLog).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('tooltip')).not.toBeInTheDocument();
  });

  it('opens the log when clicked', async () => {
    const onOpenLog = vi.fn();
    render(<StatusIcon status="failed" onOpenLog={onOpenLog} />);
    const button = screen.getByRole('button', { name: 'Failed: open the sync log' });
    expect(button).toHaveAttribute('data-status', 'failed');
    await userEvent.click(button);
    expect(onOpenLog).toHaveBeenCalledTimes(1);
  });
});
