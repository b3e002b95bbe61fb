package startupview

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"sort"
	"strconv"
	"strings"
)

// A data folder that has kept no view yet (the first launch, which opens the demo) would
// paint only the start-up line until the page's code has run, about 0.45 s more on a 2-core
// machine. So the build renders the demo's first Sync Status screen with React's server
// renderer (frontend/scripts/first-screen.mjs) into FirstScreenFile, from what the demo's
// first-screen reads answer on a first launch (frontend/src/app/firstScreen/demoReads.json,
// kept true by the Go tests in app/firstscreen_test.go).
// The reads a launch answers are never quite those: times, the current month, the next
// sync's label, the simulators' ports and the data folder differ. Template turns reads into
// the form the build rendered from: the values the screen shows as they are (the month, the
// next sync's label, the version) become slots the launch fills in, and those it does not
// show become one constant. The view is served only when the launch's template is the one
// the build rendered (the same hash), so it shows exactly what the live screen will show.

// FirstScreenFile is the rendered first screen in the built page's folder (frontend/dist).
const FirstScreenFile = "first-screen.html"

// The first line of FirstScreenFile: the hash of the template it was rendered from.
const firstScreenHeader = "<!-- trueup first screen, data "

// FixedTime stands for every time in a template. The server render takes it as "now", so
// the relative times it shows ("Updated just now") read as on a first launch.
const FixedTime = "2000-01-01T00:00:00Z"

// Keys whose values the first screen shows as they are, filled in per launch.
var slotKeys = map[string]bool{
	"version":        true, // WorkspaceService.Info: the sidebar's "Version 0.1.0"
	"cycle":          true, // MonthService.Progress: "December 2026 true-up" (see monthOf)
	"next_run_label": true, // SyncService.Status: "Next: Fri 4 Dec 07:00 (07:00 UTC)"
}

// Keys whose values differ per launch but are not on the first screen: one constant.
var blankKeys = map[string]bool{
	"data_dir":  true, // the data folder
	"base_url":  true, // the demo's simulators listen on free ports
	"token_url": true,
}

// Template returns reads (binding name -> its JSON answer) in the form the first screen is
// rendered from, indented as demoReads.json is kept, and the launch's values of its
// slots, numbered as their tokens are in the template (SlotToken).
func Template(reads map[string]json.RawMessage) ([]byte, []Slot, error) {
	decoded := make(map[string]any, len(reads)) // any, so that walk takes it as an object
	for name, raw := range reads {
		var v any
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber() // counts and ids stay as they were written
		if err := dec.Decode(&v); err != nil {
			return nil, nil, fmt.Errorf("the %s answer is not JSON: %w", name, err)
		}
		decoded[name] = v
	}
	var slots []Slot
	var walk func(key string, v any) any
	walk = func(key string, v any) any {
		switch t := v.(type) {
		case map[string]any:
			keys := make([]string, 0, len(t))
			for k := range t {
				keys = append(keys, k)
			}
			sort.Strings(keys) // slots are numbered in the order json.Marshal writes them
			for _, k := range keys {
				t[k] = walk(k, t[k])
			}
			return t
		case []any:
			for i := range t {
				t[i] = walk(key, t[i])
			}
			return t
		case string:
			switch {
			case slotKeys[key]:
				slots = append(slots, Slot{Key: key, Value: t})
				return SlotToken(len(slots) - 1)
			case blankKeys[key]:
				return ""
			case strings.HasSuffix(key, "_at") && t != "":
				return FixedTime
			}
		}
		return v
	}
	// The reads are walked as one object, by name: no binding's name is a key walk changes.
	out, err := json.MarshalIndent(walk("", decoded), "", "  ")
	if err != nil {
		return nil, nil, fmt.Errorf("write the first screen's template: %w", err)
	}
	return append(out, '\n'), slots, nil
}

// Slot is a value the first screen shows as it is: the JSON key it came from and this
// launch's value.
type Slot struct {
	Key, Value string
}

// text is the slot's value as the page writes it.
func (s Slot) text() string {
	if s.Key == "cycle" {
		return monthOf(s.Value)
	}
	return s.Value
}

// SlotToken is the token of slot i in a template, and so in the screen rendered from it.
func SlotToken(i int) string { return "{{trueup-slot-" + strconv.Itoa(i) + "}}" }

// TemplateHash names a template in FirstScreenFile's first line.
func TemplateHash(template []byte) string {
	sum := sha256.Sum256(template)
	return hex.EncodeToString(sum[:])
}

// FillFirstScreen returns the view in file (FirstScreenFile's content) with the launch's
// slot values in place of their tokens, when file was rendered from template; false when it
// was rendered from another one, when a token is left without a value, or when the view is
// not one Validate lets through.
func FillFirstScreen(file []byte, template []byte, slots []Slot) (string, bool) {
	first, rest, ok := bytes.Cut(file, []byte("\n"))
	if !ok || string(first) != FirstScreenHeader(template) {
		return "", false
	}
	pairs := make([]string, 0, 2*len(slots))
	for i := len(slots) - 1; i >= 0; i-- { // slot 12 before slot 1, which its token starts with
		pairs = append(pairs, SlotToken(i), html.EscapeString(slots[i].text()))
	}
	view := strings.NewReplacer(pairs...).Replace(string(rest))
	if strings.Contains(view, "{{trueup-slot-") || strings.TrimSpace(view) == "" || Validate(view) != nil {
		return "", false
	}
	return view, true
}

// FirstScreenHeader is FirstScreenFile's first line for template (the build script writes it).
func FirstScreenHeader(template []byte) string {
	return firstScreenHeader + TemplateHash(template) + " -->"
}

var monthNames = [...]string{"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"}

// monthOf writes a cycle ("2026-12") as the page names the month in English ("December
// 2026": cycleLabel in frontend/src/features/activity-log/ledgerLabels.ts, which shows a
// value it cannot read as it is, and so did the slot's token when the screen was rendered).
func monthOf(v string) string {
	if len(v) != 7 || v[4] != '-' {
		return v
	}
	y, errY := strconv.Atoi(v[:4])
	m, errM := strconv.Atoi(v[5:])
	if errY != nil || errM != nil || m < 1 || m > 12 || y < 1000 {
		return v
	}
	return monthNames[m-1] + " " + strconv.Itoa(y)
}
