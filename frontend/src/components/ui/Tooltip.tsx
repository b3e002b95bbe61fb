import * as RadixTooltip from '@radix-ui/react-tooltip';
import {
  cloneElement,
  createContext,
  useContext,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type FocusEvent,
  type PointerEvent,
  type ReactElement,
  type ReactNode,
  type Ref,
} from 'react';
import './ui.css';

// How long the pointer rests on a trigger before its tooltip shows (Radix's delayDuration).
const DELAY_MS = 500;

/**
 * Inside a LazyTooltips scope every Tooltip mounts its Radix parts on first use only: a
 * virtualised list mounts dozens of rows a frame while it is flung, and each tooltip's
 * provider, root and trigger cost more than the plain element it wraps.
 */
const LazyContext = createContext(false);
export function LazyTooltips({ children }: { children: ReactNode }) {
  return <LazyContext.Provider value={true}>{children}</LazyContext.Provider>;
}

type TooltipProps = {
  content: ReactNode;
  children: ReactElement;
  side?: 'top' | 'bottom' | 'left' | 'right';
};

/**
 * A styled tooltip on Radix UI's Tooltip instead of the native title attribute: WebKitGTK's
 * native tooltips stay on screen over dialogs that open from the button and can run off
 * the window. This one flips and shifts to stay inside the window, closes when its trigger
 * is pressed, and shows on keyboard focus too. The child must accept a ref (an element or
 * a forwardRef component); a disabled button gets no pointer events, so wrap it in a span.
 */
export function Tooltip(props: TooltipProps) {
  const lazy = useContext(LazyContext);
  const { content, children } = props;
  if (content === undefined || content === null || content === '') return children;
  return lazy ? <LazyTooltip {...props} /> : <RadixTip {...props} />;
}

function RadixTip({ content, children, side = 'top', defaultOpen, triggerRef }: TooltipProps & { defaultOpen?: boolean; triggerRef?: Ref<HTMLButtonElement> }) {
  return (
    // A provider per tooltip keeps components usable anywhere (tests render them alone);
    // the delays are the same everywhere.
    <RadixTooltip.Provider delayDuration={DELAY_MS} skipDelayDuration={300}>
      <RadixTooltip.Root defaultOpen={defaultOpen}>
        <RadixTooltip.Trigger asChild ref={triggerRef}>
          {children}
        </RadixTooltip.Trigger>
        <RadixTooltip.Portal>
          <RadixTooltip.Content className="tooltip" side={side} sideOffset={6} collisionPadding={8}>
            {content}
          </RadixTooltip.Content>
        </RadixTooltip.Portal>
      </RadixTooltip.Root>
    </RadixTooltip.Provider>
  );
}

type ChildProps = {
  onPointerEnter?: (e: PointerEvent<HTMLElement>) => void;
  onPointerLeave?: (e: PointerEvent<HTMLElement>) => void;
  onPointerDown?: (e: PointerEvent<HTMLElement>) => void;
  onFocus?: (e: FocusEvent<HTMLElement>) => void;
};

/**
 * The child alone until the tooltip is first wanted, then the Radix tooltip, open: after
 * the pointer has rested on the child for the tooltip's delay (a press or leaving first
 * cancels it, as it cancels Radix's own delay), or when the child gets keyboard focus. The
 * child is mounted again inside Radix's trigger then, so a focused child is focused again.
 * A pointer that only passes over, or a click, never mounts anything.
 */
function LazyTooltip(props: TooltipProps) {
  const [armed, setArmed] = useState<'no' | 'pointer' | 'focus'>('no');
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const pressed = useRef(false);
  // Typed as a button for Radix's trigger; the child may be any focusable element.
  const trigger = useRef<HTMLButtonElement>(null);
  useEffect(() => () => clearTimeout(timer.current), []);
  useLayoutEffect(() => {
    if (armed === 'focus') trigger.current?.focus();
  }, [armed]);

  if (armed !== 'no') return <RadixTip {...props} defaultOpen triggerRef={trigger} />;

  const child = props.children as ReactElement<ChildProps>;
  const own = child.props;
  return cloneElement(child, {
    onPointerEnter: (e) => {
      own.onPointerEnter?.(e);
      if (e.pointerType === 'touch') return; // Radix shows no tooltip for touch either
      clearTimeout(timer.current);
      timer.current = setTimeout(() => setArmed('pointer'), DELAY_MS);
    },
    onPointerLeave: (e) => {
      own.onPointerLeave?.(e);
      clearTimeout(timer.current);
    },
    onPointerDown: (e) => {
      own.onPointerDown?.(e);
      clearTimeout(timer.current);
      // The focus that follows a press is not keyboard focus: no tooltip, as in Radix.
      pressed.current = true;
      document.addEventListener('pointerup', () => (pressed.current = false), { once: true });
    },
    onFocus: (e) => {
      own.onFocus?.(e);
      if (!pressed.current) setArmed('focus');
    },
  });
}
