import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { Dialog } from './Dialog';

function Swapping({ onClose }: { onClose: () => void }) {
  const [step, setStep] = useState(1);
  return (
    <Dialog title="Two steps" onClose={onClose}>
      {step === 1 ? <button onClick={() => setStep(2)}>Next</button> : <p>Step two</p>}
    </Dialog>
  );
}

describe('Dialog', () => {
  it('is a labelled modal that focuses its first control and keeps Tab inside', async () => {
    render(
      <Dialog title="Hello" onClose={() => undefined}>
        <input aria-label="first" />
        <input aria-label="second" />
      </Dialog>,
    );
    const dialog = screen.getByRole('dialog', { name: 'Hello' });
    expect(dialog).toHaveAttribute('aria-modal', 'true');
    expect(screen.getByLabelText('first')).toHaveFocus();
    await userEvent.tab();
    expect(screen.getByLabelText('second')).toHaveFocus();
    await userEvent.tab();
    expect(screen.getByRole('button', { name: 'Close dialog' })).toHaveFocus();
    await userEvent.tab();
    expect(screen.getByLabelText('first')).toHaveFocus();
  });

  it('closes on Escape even after the focused element disappeared', async () => {
    const onClose = vi.fn();
    render(<Swapping onClose={onClose} />);
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(screen.getByText('Step two')).toBeInTheDocument();
    await userEvent.keyboard('{Escape}');
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('closes only the innermost of nested dialogs', async () => {
    const outer = vi.fn();
    const inner = vi.fn();
    render(
      <Dialog title="Outer" onClose={outer}>
        <Dialog title="Inner" onClose={inner}>
          <input aria-label="x" />
        </Dialog>
      </Dialog>,
    );
    await userEvent.keyboard('{Escape}');
    expect(inner).toHaveBeenCalledTimes(1);
    expect(outer).not.toHaveBeenCalled();
  });
});
