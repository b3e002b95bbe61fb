import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { LazyTooltips, Tooltip } from './Tooltip';

function Row({ onClick = () => {} }: { onClick?: () => void }) {
  return (
    <LazyTooltips>
      <Tooltip content="Push the vendor quantity">
        <button type="button" onClick={onClick}>
          Approve
        </button>
      </Tooltip>
    </LazyTooltips>
  );
}

describe('Tooltip in a LazyTooltips scope', () => {
  it('is the plain child until used: no Radix trigger state is mounted', () => {
    render(<Row />);
    const button = screen.getByRole('button', { name: 'Approve' });
    expect(button).not.toHaveAttribute('data-state'); // Radix's trigger sets data-state
    expect(screen.queryByRole('tooltip')).not.toBeInTheDocument();
  });

  it('shows after the pointer rests on the child, and closes on Escape', async () => {
    const user = userEvent.setup();
    render(<Row />);
    await user.hover(screen.getByRole('button', { name: 'Approve' }));
    expect(await screen.findByRole('tooltip')).toHaveTextContent('Push the vendor quantity');
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('tooltip')).not.toBeInTheDocument());
  });

  it('shows on keyboard focus and keeps the focus on the control', async () => {
    const user = userEvent.setup();
    render(<Row />);
    await user.tab();
    expect(await screen.findByRole('tooltip')).toHaveTextContent('Push the vendor quantity');
    const button = screen.getByRole('button', { name: 'Approve' });
    expect(button).toHaveFocus();
    expect(button).toHaveAccessibleDescription('Push the vendor quantity');
  });

  it('a click goes through at once and mounts nothing', async () => {
    const user = userEvent.setup();
    const onClick = vi.fn();
    render(<Row onClick={onClick} />);
    await user.click(screen.getByRole('button', { name: 'Approve' }));
    expect(onClick).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('button', { name: 'Approve' })).not.toHaveAttribute('data-state');
    expect(screen.queryByRole('tooltip')).not.toBeInTheDocument();
  });
});
