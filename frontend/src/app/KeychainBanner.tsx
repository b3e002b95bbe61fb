import { KeyRound } from 'lucide-react';
import { useKeychainState } from '@/api';
import { Spinner } from '@/components/ui';

/**
 * Shown while a keychain call waits for the user to answer the OS unlock prompt, so the app
 * does not look frozen; it blocks nothing and goes when the prompt closes. The sentence
 * comes from Go (KeychainState.message).
 */
export function KeychainBanner() {
  const state = useKeychainState();
  const waiting = state.data?.waiting === true;
  return (
    // The live region stays in the page so screen readers announce the message when it appears.
    <div role="status" aria-live="polite" className="keychain-banner__live">
      {waiting && (
        <div className="keychain-banner" data-testid="keychain-banner">
          <KeyRound size={18} aria-hidden="true" className="keychain-banner__icon" />
          <p className="keychain-banner__text">
            {state.data?.message || 'Waiting for your keychain to be unlocked: answer the system’s unlock prompt.'}
          </p>
          <Spinner size={16} />
        </div>
      )}
    </div>
  );
}
