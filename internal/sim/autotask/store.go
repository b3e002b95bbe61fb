package autotask

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// row is one record of an entity: the typed value the dataset and the mutations work on,
// and its JSON form (values as JSON decodes them, in the table's field order) that queries
// filter and render. sync must be called after the typed value changes.
type row struct {
	id   int
	v    any   // pointer to the typed record (Company, Contract, ...)
	vals []any // decoded JSON value per field of the table
	raws [][]byte
}

// sync re-reads the JSON form from the typed value.
func (r *row) sync(t *table) {
	b, err := json.Marshal(r.v)
	if err != nil {
		panic(fmt.Sprintf("autotask sim: marshal %T: %v", r.v, err))
	}
	keys, vals, raws := decodeObject(b)
	if t.keys == nil {
		t.keys = keys
		t.index = make(map[string]int, len(keys))
		for i, k := range keys {
			t.index[strings.ToLower(k)] = i
		}
	}
	r.vals, r.raws = vals, raws
}

// decodeObject splits a JSON object into its keys, decoded values and raw values.
func decodeObject(b []byte) (keys []string, vals []any, raws [][]byte) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if _, err := dec.Token(); err != nil {
		panic(err)
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			panic(err)
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			panic(err)
		}
		var val any
		d := json.NewDecoder(bytes.NewReader(raw))
		d.UseNumber()
		_ = d.Decode(&val)
		keys = append(keys, tok.(string))
		vals = append(vals, val)
		raws = append(raws, raw)
	}
	return keys, vals, raws
}

// value is the record's value of a field (lower-cased name); ok false for no such field.
func (t *table) value(r *row, field string) (any, bool) {
	i, ok := t.index[field]
	if !ok || i >= len(r.vals) {
		return nil, false
	}
	return r.vals[i], true
}

// render writes the record with only the fields in include (lower-cased; nil: every field).
func (t *table) render(buf *bytes.Buffer, r *row, include map[string]bool) {
	buf.WriteByte('{')
	first := true
	for i, k := range t.keys {
		if include != nil && !include[strings.ToLower(k)] {
			continue
		}
		if !first {
			buf.WriteByte(',')
		}
		first = false
		kb, _ := json.Marshal(k)
		buf.Write(kb)
		buf.WriteByte(':')
		buf.Write(r.raws[i])
	}
	buf.WriteByte('}')
}

// table is one entity's records, kept in ascending id (the order Autotask returns).
type table struct {
	name  string         // the entity's name in URLs: "Companies"
	keys  []string       // field names in the records' order, as Autotask spells them
	index map[string]int // lower-cased field name -> position in keys
	rows  []*row
}

func newTable(name string, sample any) *table {
	t := &table{name: name}
	(&row{v: sample}).sync(t)
	return t
}

// put adds or replaces the record v (a pointer to a typed record) with id.
func (t *table) put(id int, v any) *row {
	r := &row{id: id, v: v}
	r.sync(t)
	t.insert(r)
	return r
}

func (t *table) insert(r *row) {
	i, found := slices.BinarySearchFunc(t.rows, r.id, func(x *row, id int) int { return x.id - id })
	if found {
		t.rows[i] = r
		return
	}
	t.rows = slices.Insert(t.rows, i, r)
}

func (t *table) find(id int) *row {
	i, ok := slices.BinarySearchFunc(t.rows, id, func(x *row, id int) int { return x.id - id })
	if !ok {
		return nil
	}
	return t.rows[i]
}

func (t *table) remove(id int) bool {
	i, ok := slices.BinarySearchFunc(t.rows, id, func(x *row, id int) int { return x.id - id })
	if ok {
		t.rows = slices.Delete(t.rows, i, i+1)
	}
	return ok
}

func (t *table) maxID() int {
	if len(t.rows) == 0 {
		return 0
	}
	return t.rows[len(t.rows)-1].id
}
