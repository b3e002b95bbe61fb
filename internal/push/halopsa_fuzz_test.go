package push

import (
	"bytes"
	"encoding/json"
	"testing"
)

// FuzzHaloInvoice feeds arbitrary recurring invoice JSON to what the HaloPSA push builds its
// body from: a header it accepts must come back as valid JSON whose lines are exactly the
// bytes Halo sent (no line lost, none re-encoded), and changing one line's qty_order must
// leave every other field of that line as it was.
func FuzzHaloInvoice(f *testing.F) {
	f.Add([]byte(`{"id":300,"client_id":11,"lines":[{"id":5001,"ihid":300,"_itemid":21,"qty_order":25,"unit_price":22,"item_shortdescription":"M365 <BP> & co"},{"id":5002,"qty_order":4,"x":{"deep":[1,2]}}]}`))
	f.Add([]byte(`{"id":300,"lines":[]}`))
	f.Add([]byte(`{"id":300}`))
	f.Add([]byte(`{"id":300,"lines":null}`))
	f.Add([]byte(`{"id":300,"lines":[1,"a",null]}`))
	f.Add([]byte(`{"lines":[{"id":"5001","qty_order":"25"}],"lines2":[]}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		inv, err := parseHaloInvoice(raw)
		if err != nil {
			return
		}
		body, err := haloHeaderBody("300", inv.lines)
		if err != nil {
			return // lines TrueUp cannot send back are refused, never sent mangled
		}
		var sent []struct {
			ID    json.Number       `json:"id"`
			Lines []json.RawMessage `json:"lines"`
		}
		if err := json.Unmarshal(body, &sent); err != nil || len(sent) != 1 || sent[0].ID != "300" {
			t.Fatalf("the body %s is not one header 300: %v", body, err)
		}
		if len(sent[0].Lines) != len(inv.lines) {
			t.Fatalf("%d lines sent, Halo holds %d", len(sent[0].Lines), len(inv.lines))
		}
		for i, l := range sent[0].Lines {
			if !bytes.Equal(bytes.TrimSpace(l), bytes.TrimSpace(inv.lines[i])) {
				t.Fatalf("line %d sent as %s, Halo sent %s", i, l, inv.lines[i])
			}
		}
		if len(inv.lines) == 0 {
			return
		}
		changed, err := withField(inv.lines[0], "qty_order", json.RawMessage(`27`))
		if err != nil {
			return
		}
		var before, after map[string]json.RawMessage
		if json.Unmarshal(inv.lines[0], &before) != nil || json.Unmarshal(changed, &after) != nil {
			t.Fatalf("the changed line %s is not an object", changed)
		}
		if string(after["qty_order"]) != "27" {
			t.Fatalf("qty_order is %s after the change", after["qty_order"])
		}
		for k, v := range before {
			if k == "qty_order" {
				continue
			}
			var a, b any
			_ = json.Unmarshal(v, &a)
			_ = json.Unmarshal(after[k], &b)
			if !bytes.Equal(mustJSON(t, a), mustJSON(t, b)) {
				t.Fatalf("field %s went from %s to %s", k, v, after[k])
			}
		}
	})
}

func mustJSON(t *testing.T, v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
