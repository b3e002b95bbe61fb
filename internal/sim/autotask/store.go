package autotask

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// row is one record of an entity: the typed value the dataset and the mutations work on,
// its JSON, and its values as JSON decodes them (in the table's field order) that filters
// compare. sync must be called after the typed value changes.
type row struct {
	id   int
	v    any     // pointer to the typed record (Company, Contract, ...)
	raw  []byte  // the record's JSON
	vals []any   // per field of the table: json.Number, string, bool or nil
	ends []int32 // where each field's "key":value ends in raw, for IncludeFields
}

// sync re-reads the JSON form from the typed value.
func (r *row) sync(t *table) {
	b, err := json.Marshal(r.v)
	if err != nil {
		panic(fmt.Sprintf("autotask sim: marshal %T: %v", r.v, err))
	}
	rv := reflect.ValueOf(r.v).Elem()
	vals := make([]any, len(t.fields))
	for i, fi := range t.fields {
		vals[i] = jsonValue(rv.Field(fi))
	}
	r.raw, r.vals, r.ends = b, vals, fieldEnds(b, len(t.fields))
}

// fieldEnds finds where each top-level member of a JSON object ends (before its comma or
// the closing brace), so a member can be copied out of raw without encoding it again.
func fieldEnds(b []byte, n int) []int32 {
	ends := make([]int32, 0, n)
	depth, inStr, esc := 0, false, false
	for i, ch := range b {
		switch {
		case inStr:
			switch {
			case esc:
				esc = false
			case ch == '\\':
				esc = true
			case ch == '"':
				inStr = false
			}
		case ch == '"':
			inStr = true
		case ch == '{' || ch == '[':
			depth++
		case ch == '}' || ch == ']':
			if depth == 1 && ch == '}' {
				ends = append(ends, int32(i))
			}
			depth--
		case ch == ',' && depth == 1:
			ends = append(ends, int32(i))
		}
	}
	return ends
}

// jsonValue is a field's value as a JSON decoder with UseNumber would give it.
func jsonValue(v reflect.Value) any {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return nil
		}
		return jsonValue(v.Elem())
	case reflect.Int, reflect.Int64, reflect.Int32:
		return json.Number(strconv.FormatInt(v.Int(), 10))
	case reflect.Float64, reflect.Float32:
		return json.Number(strconv.FormatFloat(v.Float(), 'f', -1, 64))
	case reflect.String:
		return v.String()
	case reflect.Bool:
		return v.Bool()
	}
	return nil
}

// value is the record's value of a field (lower-cased name); ok false for no such field.
func (t *table) value(r *row, field string) (any, bool) {
	i, ok := t.index[field]
	if !ok {
		return nil, false
	}
	return r.vals[i], true
}

// render writes the record with only the fields in include (lower-cased; nil: every field).
func (t *table) render(buf *bytes.Buffer, r *row, include map[string]bool) {
	if include == nil {
		buf.Write(r.raw)
		return
	}
	buf.WriteByte('{')
	first := true
	for i, k := range t.keys {
		if !include[strings.ToLower(k)] || i >= len(r.ends) {
			continue
		}
		if !first {
			buf.WriteByte(',')
		}
		first = false
		from := 1
		if i > 0 {
			from = int(r.ends[i-1]) + 1
		}
		buf.Write(r.raw[from:r.ends[i]])
	}
	buf.WriteByte('}')
}

// table is one entity's records, kept in ascending id (the order Autotask returns).
type table struct {
	name   string         // the entity's name in URLs: "Companies"
	keys   []string       // field names in the records' order, as Autotask spells them
	fields []int          // the struct field of each key
	index  map[string]int // lower-cased field name -> position in keys
	rows   []*row
}

// newTable describes an entity from its typed record (a pointer to a struct whose
// fields carry json tags).
func newTable(name string, sample any) *table {
	t := &table{name: name, index: map[string]int{}}
	typ := reflect.TypeOf(sample).Elem()
	for i := range typ.NumField() {
		tag := strings.Split(typ.Field(i).Tag.Get("json"), ",")[0]
		if tag == "" || tag == "-" {
			continue
		}
		t.index[strings.ToLower(tag)] = len(t.keys)
		t.keys = append(t.keys, tag)
		t.fields = append(t.fields, i)
	}
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
