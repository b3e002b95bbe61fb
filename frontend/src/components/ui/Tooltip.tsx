import * as RadixTooltip from '@radix-ui/react-tooltip';
import type { ReactElement, ReactNode } from 'react';
import './ui.css';

/**
 * A styled tooltip on Radix UI's Tooltip instead of the native title attribute: WebKitGTK's
 * native tooltips stay on screen over dialogs that open from the button and can run off
 * the window. This one flips and shifts to stay inside the window, closes when its trigger
 * is pressed, and shows on keyboard focus too. The child must accept a ref (an element or
 * a forwardRef component); a disabled button gets no pointer events, so wrap it in a span.
 */
export function Tooltip({
  content,
  children,
  side = 'top',
}: {
  content: ReactNode;
  children: ReactElement;
  side?: 'top' | 'bottom' | 'left' | 'right';
}) {
  if (content === undefined || content === null || content === '') return children;
  return (
    // A provider per tooltip keeps components usable anywhere (tests render them alone);
    // the delays are the same everywhere.
    <RadixTooltip.Provider delayDuration={500} skipDelayDuration={300}>
      <RadixTooltip.Root>
        <RadixTooltip.Trigger asChild>{children}</RadixTooltip.Trigger>
        <RadixTooltip.Portal>
          <RadixTooltip.Content className="tooltip" side={side} sideOffset={6} collisionPadding={8}>
            {content}
          </RadixTooltip.Content>
        </RadixTooltip.Portal>
      </RadixTooltip.Root>
    </RadixTooltip.Provider>
  );
}
