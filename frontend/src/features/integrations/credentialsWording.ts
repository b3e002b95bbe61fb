// Where credentials live, in the words of the place that mentions it. Go gives the full
// sentence (WorkspaceInfo.secrets_note) and it is used wherever a sentence fits; the short
// phrases below are a plain switch on WorkspaceInfo.secrets_store for the places that need
// a part of a sentence (a card's footer, a list item).
import type { SecretsStore } from '@/api';

export interface CredentialsWording {
  /** A card's footer when credentials are set: "Credentials stored in the OS keychain". */
  stored: string;
  /** Completes "its credentials …": "in the OS keychain"; "" while the store is unknown. */
  held: string;
}

const WORDING: Record<SecretsStore, CredentialsWording> = {
  keychain: { stored: 'Credentials stored in the OS keychain', held: 'in the OS keychain' },
  memory: {
    stored: 'Credentials kept in memory only, gone when TrueUp closes',
    held: 'kept in memory only, gone when TrueUp closes',
  },
};

/** Until WorkspaceInfo has loaded nothing is claimed about where credentials live. */
const UNKNOWN: CredentialsWording = { stored: 'Credentials stored', held: '' };

export function credentialsWording(store: string | undefined): CredentialsWording {
  return store === 'keychain' || store === 'memory' ? WORDING[store] : UNKNOWN;
}
