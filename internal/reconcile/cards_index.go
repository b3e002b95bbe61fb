package reconcile

// Card building looks up every row's account and product several times. Keyed by their
// strings, each look-up hashes and compares two or three strings in a map of 100,000 keys
// (a quarter of a build's CPU in a profile); keyed by small integers it is a slice index.
// These tables give each (integration, id) pair a dense index once, so the passes over the
// rows look strings up in small maps only and key the cards by a uint64.

// integrations numbers integration names; card keys compare the numbers.
type integrations struct {
	index map[string]int32
	names []string
	last  int32 // the last hit: the rows of one integration usually come together
}

func newIntegrations() *integrations {
	return &integrations{index: map[string]int32{}, last: -1}
}

// find is the number of name, if it has one.
func (t *integrations) find(name string) (int32, bool) {
	if t.last >= 0 && t.names[t.last] == name {
		return t.last, true
	}
	i, ok := t.index[name]
	if ok {
		t.last = i
	}
	return i, ok
}

// add is the number of name, given it one if it had none.
func (t *integrations) add(name string) int32 {
	if i, ok := t.find(name); ok {
		return i
	}
	i := int32(len(t.names))
	t.index[name] = i
	t.names = append(t.names, name)
	t.last = i
	return i
}

// idKey is an interned (integration, id) pair.
type idKey struct {
	integration int32
	id          string
}

// idTable gives each (integration, id) pair a dense index.
type idTable struct {
	integ *integrations
	byID  []map[string]int32 // per integration number
	keys  []idKey            // per index
}

func newIDTable(integ *integrations, sizeHint int) *idTable {
	return &idTable{integ: integ, keys: make([]idKey, 0, sizeHint)}
}

// find is the index of (integration number, id), if it has one.
func (t *idTable) find(integration int32, id string) (int32, bool) {
	if int(integration) >= len(t.byID) || t.byID[integration] == nil {
		return -1, false
	}
	i, ok := t.byID[integration][id]
	return i, ok
}

// lookup is the index of (integration, id), if it has one.
func (t *idTable) lookup(integration, id string) (int32, bool) {
	ig, ok := t.integ.find(integration)
	if !ok {
		return -1, false
	}
	return t.find(ig, id)
}

// add is the index of (integration number, id), given it one if it had none.
func (t *idTable) add(integration int32, id string) int32 {
	for int(integration) >= len(t.byID) {
		t.byID = append(t.byID, nil)
	}
	m := t.byID[integration]
	if m == nil {
		m = make(map[string]int32, cap(t.keys))
		t.byID[integration] = m
	}
	i, ok := m[id]
	if !ok {
		i = int32(len(t.keys))
		m[id] = i
		t.keys = append(t.keys, idKey{integration, id})
	}
	return i
}

// integration is the name of the integration of index i.
func (t *idTable) integration(i int32) string { return t.integ.names[t.keys[i].integration] }

// id is the id of index i.
func (t *idTable) id(i int32) string { return t.keys[i].id }

// vendorTarget is what one vendor account or product maps to.
type vendorTarget struct {
	excluded bool
	psa      int32 // index in the PSA accounts or products table; -1 when excluded
}

// cardSlotKey is a card's key as a map key: its PSA account and product indices. The
// account and product tables each hold the integration, and a card's account and product
// are always of the same integration, so the pair identifies (integration, account, product).
func cardSlotKey(acct, prod int32) uint64 { return uint64(uint32(acct))<<32 | uint64(uint32(prod)) }
