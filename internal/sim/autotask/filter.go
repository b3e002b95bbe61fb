package autotask

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// condition is one element of a query's filter array, as the REST API documents it
// (REST_Basic_Query_Calls.htm, REST_Advanced_Query_Features.htm): a comparison
// {"op","field","value"} or a group {"op":"and"|"or","items":[...]}. The top-level array
// is an implicit and.
type condition struct {
	Op    string          `json:"op"`
	Field string          `json:"field"`
	Value json.RawMessage `json:"value"`
	UDF   bool            `json:"udf"`
	Items []condition     `json:"items"`

	// Filled in by check: the decoded value (and its instant, when it is a date-time), and
	// the in/notIn list as sets of numbers and of other setKeys.
	want     any
	wantTime time.Time
	isTime   bool
	set      map[string]bool
	nums     map[float64]bool
}

// maxInValues is the documented limit of values in one in/notIn list (and of OR items).
const maxInValues = 500

// filterError is a query the API refuses; it answers HTTP 500 with the text in errors[].
type filterError struct{ msg string }

func (e *filterError) Error() string { return e.msg }

func badFilter(format string, args ...any) error { return &filterError{fmt.Sprintf(format, args...)} }

// check validates the conditions against the entity's fields.
func check(t *table, conds []condition) error {
	for i := range conds {
		c := &conds[i]
		op := strings.ToLower(c.Op)
		switch op {
		case "and", "or":
			if len(c.Items) == 0 {
				return badFilter("The '%s' grouping must contain items.", c.Op)
			}
			if len(c.Items) > maxInValues {
				return badFilter("A grouping may contain at most %d items.", maxInValues)
			}
			if err := check(t, c.Items); err != nil {
				return err
			}
			continue
		case "eq", "noteq", "gt", "gte", "lt", "lte", "beginswith", "endswith", "contains", "exist", "notexist", "in", "notin":
		default:
			return badFilter("Unrecognized query operation: '%s'.", c.Op)
		}
		if c.UDF {
			return badFilter("Unable to find user-defined field %s in the %s entity.", c.Field, t.name)
		}
		if _, ok := t.index[strings.ToLower(c.Field)]; !ok {
			return badFilter("Unable to find %s in the %s entity.", c.Field, t.name)
		}
		switch op {
		case "exist", "notexist":
		case "in", "notin":
			var vals []json.RawMessage
			if err := json.Unmarshal(c.Value, &vals); err != nil {
				return badFilter("The value of '%s' on %s must be a list.", c.Op, c.Field)
			}
			if len(vals) > maxInValues {
				return badFilter("The '%s' list on %s may contain at most %d values.", c.Op, c.Field, maxInValues)
			}
			c.set, c.nums = map[string]bool{}, map[float64]bool{}
			for _, v := range vals {
				var x any
				_ = json.Unmarshal(v, &x)
				if f, ok := number(x); ok {
					c.nums[f] = true
					continue
				}
				c.set[setKey(x)] = true
			}
		default:
			if len(c.Value) == 0 || json.Unmarshal(c.Value, &c.want) != nil {
				return badFilter("A value is required for '%s' on %s.", c.Op, c.Field)
			}
			if s, ok := c.want.(string); ok {
				c.wantTime, c.isTime = parseTime(s)
			}
		}
	}
	return nil
}

// matches reports whether r satisfies every condition (the top level is an and).
func (t *table) matches(r *row, conds []condition) bool {
	for _, c := range conds {
		if !t.match(r, c) {
			return false
		}
	}
	return true
}

func (t *table) match(r *row, c condition) bool {
	op := strings.ToLower(c.Op)
	switch op {
	case "and":
		return t.matches(r, c.Items)
	case "or":
		for _, it := range c.Items {
			if t.match(r, it) {
				return true
			}
		}
		return false
	}
	have, present := t.value(r, strings.ToLower(c.Field))
	present = present && have != nil && have != ""
	switch op {
	case "exist":
		return present
	case "notexist":
		return !present
	case "in", "notin":
		in := false
		if f, ok := number(have); ok {
			in = c.nums[f]
		} else if have != nil {
			in = c.set[setKey(have)]
		}
		return in == (op == "in")
	case "beginswith", "endswith", "contains":
		hs, ok := have.(string)
		want, ok2 := c.want.(string)
		if !ok || !ok2 {
			return false
		}
		hs, want = strings.ToLower(hs), strings.ToLower(want)
		switch op {
		case "beginswith":
			return strings.HasPrefix(hs, want)
		case "endswith":
			return strings.HasSuffix(hs, want)
		}
		return strings.Contains(hs, want)
	}
	cmp, ok := compare(have, &c)
	if !ok {
		return op == "noteq"
	}
	switch op {
	case "eq":
		return cmp == 0
	case "noteq":
		return cmp != 0
	case "gt":
		return cmp > 0
	case "gte":
		return cmp >= 0
	case "lt":
		return cmp < 0
	case "lte":
		return cmp <= 0
	}
	return false
}

// compare orders a record's value against a filter value: numbers as numbers (a number
// written as a string too), date-times as instants, text without regard to case, booleans
// by equality. ok is false when they cannot be compared (a missing value, say).
func compare(have any, c *condition) (int, bool) {
	want := c.want
	if have == nil || want == nil {
		return 0, false
	}
	switch h := have.(type) {
	case json.Number:
		hf, err := h.Float64()
		if err != nil {
			return 0, false
		}
		var wf float64
		switch w := want.(type) {
		case float64:
			wf = w
		case string:
			if wf, err = strconv.ParseFloat(strings.TrimSpace(w), 64); err != nil {
				return 0, false
			}
		case bool:
			wf = map[bool]float64{false: 0, true: 1}[w]
		default:
			return 0, false
		}
		return cmpFloat(hf, wf), true
	case bool:
		var wb bool
		switch w := want.(type) {
		case bool:
			wb = w
		case string:
			wb = strings.EqualFold(w, "true") || w == "1"
		case float64:
			wb = w != 0
		default:
			return 0, false
		}
		if h == wb {
			return 0, true
		}
		if !h {
			return -1, true
		}
		return 1, true
	case string:
		w, ok := want.(string)
		if !ok {
			return 0, false
		}
		if c.isTime {
			if ht, ok := parseTime(h); ok {
				return ht.Compare(c.wantTime), true
			}
		}
		return strings.Compare(strings.ToLower(h), strings.ToLower(w)), true
	}
	return 0, false
}

// number reads a record's or a list's value as a number: a JSON number, or a string that
// holds one (the API takes ids both ways).
func number(v any) (float64, bool) {
	switch x := v.(type) {
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	case float64:
		return x, true
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		return f, err == nil
	}
	return 0, false
}

// setKey is how a value is found in an in/notIn list: numbers (also written as strings)
// by value, booleans as such, text without regard to case.
func setKey(v any) string {
	switch x := v.(type) {
	case json.Number:
		if f, err := x.Float64(); err == nil {
			return "n:" + strconv.FormatFloat(f, 'g', -1, 64)
		}
		return "s:" + x.String()
	case float64:
		return "n:" + strconv.FormatFloat(x, 'g', -1, 64)
	case bool:
		return "b:" + strconv.FormatBool(x)
	case string:
		if f, err := strconv.ParseFloat(strings.TrimSpace(x), 64); err == nil {
			return "n:" + strconv.FormatFloat(f, 'g', -1, 64)
		}
		return "s:" + strings.ToLower(x)
	}
	return fmt.Sprintf("?:%v", v)
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// parseTime reads the date-time forms the API takes in filters.
func parseTime(s string) (time.Time, bool) {
	if len(s) < 10 || s[4] != '-' {
		return time.Time{}, false
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, strings.TrimSpace(s)); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}
