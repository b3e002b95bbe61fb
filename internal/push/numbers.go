package push

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
)

// Numbers in PSA records are compared as the exact decimals they are written as: the push
// and the revert preview both decide by them whether the PSA holds what a write expects.

// FieldNumber reads a record's numeric field exactly, as written ("25", "25.00").
func FieldNumber(body []byte, field string) (json.Number, error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil {
		return "", err
	}
	raw, ok := fields[field]
	if !ok {
		return "", fmt.Errorf("the record has no %s", field)
	}
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var n json.Number
	if err := d.Decode(&n); err != nil {
		return "", fmt.Errorf("%s is %s, not a number", field, raw)
	}
	return n, nil
}

// SameNumber compares two JSON numbers by value, exactly: 25 and 25.00 are the same quantity,
// and no float rounding makes 0.1+0.2 match 0.3.
func SameNumber(n json.Number, raw json.RawMessage) bool {
	a, ok := new(big.Rat).SetString(n.String())
	if !ok {
		return false
	}
	b, ok := new(big.Rat).SetString(string(bytes.TrimSpace(raw)))
	return ok && a.Cmp(b) == 0
}
