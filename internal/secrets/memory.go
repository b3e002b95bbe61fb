package secrets

import (
	"context"
	"fmt"
	"sync"
)

// Memory is an in-memory Store for unit tests and the demo workspace. It validates keys
// and values like Keyring, so code tested against it behaves the same on a real keychain.
// Safe for concurrent use.
type Memory struct {
	mu    sync.RWMutex
	items map[Key]string
}

// NewMemory returns an empty Memory store.
func NewMemory() *Memory { return &Memory{items: make(map[Key]string)} }

// Get implements Store.
func (m *Memory) Get(ctx context.Context, key Key) (string, error) {
	if err := key.Validate(); err != nil {
		return "", fmt.Errorf("get secret: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return "", fmt.Errorf("get %s: %w", key, err)
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	v, ok := m.items[key]
	if !ok {
		return "", fmt.Errorf("get %s: %w", key, ErrNotFound)
	}
	return v, nil
}

// Set implements Store.
func (m *Memory) Set(ctx context.Context, key Key, value string) error {
	if err := key.Validate(); err != nil {
		return fmt.Errorf("set secret: %w", err)
	}
	if err := checkValue(key, value); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("set %s: %w", key, err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.items[key] = value
	return nil
}

// Delete implements Store.
func (m *Memory) Delete(ctx context.Context, key Key) error {
	if err := key.Validate(); err != nil {
		return fmt.Errorf("delete secret: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("delete %s: %w", key, err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.items[key]; !ok {
		return fmt.Errorf("delete %s: %w", key, ErrNotFound)
	}
	delete(m.items, key)
	return nil
}

// Len is how many secrets the store holds (for tests).
func (m *Memory) Len() int {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return len(m.items)
}
