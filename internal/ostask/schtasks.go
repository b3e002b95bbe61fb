package ostask

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode/utf16"
)

const schtasksName = "TrueUp Scheduled Sync"

// schtasks keeps a task in the user's Task Scheduler root folder through schtasks.exe: it
// runs as the user who registered it, only while they are logged on (no stored password,
// no administrator), and StartWhenAvailable runs a time missed while the PC was off.
type schtasks struct {
	run     Runner
	name    string
	tempDir string
}

func newSchtasks(o Options) *schtasks {
	name := schtasksName
	if o.Name != "" {
		name = o.Name
	}
	return &schtasks{run: o.Runner, name: name, tempDir: o.TempDir}
}

// The task XML (schema http://schemas.microsoft.com/windows/2004/02/mit/task); element
// order follows the schema's sequences.
type taskXML struct {
	XMLName      xml.Name     `xml:"Task"`
	Version      string       `xml:"version,attr"`
	Xmlns        string       `xml:"xmlns,attr"`
	Registration registration `xml:"RegistrationInfo"`
	Triggers     triggers     `xml:"Triggers"`
	Principals   principals   `xml:"Principals"`
	Settings     taskSettings `xml:"Settings"`
	Actions      actions      `xml:"Actions"`
}

type registration struct {
	Description string `xml:"Description"`
}

type triggers struct {
	Calendar []calendarTrigger `xml:"CalendarTrigger"`
}

// calendarTrigger's StartBoundary ends in "Z": Task Scheduler then keeps the time in UTC
// ("synchronize across time zones") instead of the PC's local time. Enabled is left to its
// default (true), which Task Scheduler does not write back when it shows the task.
type calendarTrigger struct {
	StartBoundary string   `xml:"StartBoundary"`
	ByDay         *byDay   `xml:"ScheduleByDay,omitempty"`
	ByWeek        *byWeek  `xml:"ScheduleByWeek,omitempty"`
	ByMonth       *byMonth `xml:"ScheduleByMonth,omitempty"`
}

type byDay struct {
	DaysInterval int `xml:"DaysInterval"`
}

type byWeek struct {
	DaysOfWeek    namedList `xml:"DaysOfWeek"`
	WeeksInterval int       `xml:"WeeksInterval"`
}

type byMonth struct {
	DaysOfMonth struct {
		Day []string `xml:"Day"`
	} `xml:"DaysOfMonth"`
	Months namedList `xml:"Months"`
}

// namedList is a list of empty elements named for their value (<Tuesday />, <February />).
type namedList struct {
	Names []string
}

func (l namedList) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	if err := e.EncodeToken(start); err != nil {
		return err
	}
	for _, n := range l.Names {
		if err := e.EncodeElement(struct{}{}, xml.StartElement{Name: xml.Name{Local: n}}); err != nil {
			return err
		}
	}
	return e.EncodeToken(start.End())
}

func (l *namedList) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	for {
		tok, err := d.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			l.Names = append(l.Names, t.Name.Local)
			if err := d.Skip(); err != nil {
				return err
			}
		case xml.EndElement:
			return nil
		}
	}
}

type principals struct {
	Principal struct {
		ID        string `xml:"id,attr"`
		LogonType string `xml:"LogonType"`
		RunLevel  string `xml:"RunLevel"`
	} `xml:"Principal"`
}

type taskSettings struct {
	MultipleInstancesPolicy    string `xml:"MultipleInstancesPolicy"`
	DisallowStartIfOnBatteries bool   `xml:"DisallowStartIfOnBatteries"`
	StopIfGoingOnBatteries     bool   `xml:"StopIfGoingOnBatteries"`
	StartWhenAvailable         bool   `xml:"StartWhenAvailable"`
	RunOnlyIfNetworkAvailable  bool   `xml:"RunOnlyIfNetworkAvailable"`
	ExecutionTimeLimit         string `xml:"ExecutionTimeLimit"`
	Enabled                    bool   `xml:"Enabled"`
}

type actions struct {
	Context string       `xml:"Context,attr"`
	Exec    []execAction `xml:"Exec"`
}

type execAction struct {
	Command   string `xml:"Command"`
	Arguments string `xml:"Arguments,omitempty"`
}

var monthNames = func() []string {
	ns := make([]string, 12)
	for m := time.January; m <= time.December; m++ {
		ns[m-1] = m.String()
	}
	return ns
}()

// windowsTask builds the task definition for s.
func windowsTask(s Spec) taskXML {
	// The boundary's date is only where the triggers start counting: a fixed past day keeps
	// the rendering stable.
	start := fmt.Sprintf("2024-01-01T%02d:%02d:00Z", s.Hour, s.Minute)
	var ts []calendarTrigger
	for _, t := range s.normalized() {
		ct := calendarTrigger{StartBoundary: start}
		switch t.Cadence {
		case Nightly:
			ct.ByDay = &byDay{DaysInterval: 1}
		case Weekly:
			ct.ByWeek = &byWeek{DaysOfWeek: namedList{Names: []string{t.Weekday.String()}}, WeeksInterval: 1}
		case Monthly:
			m := &byMonth{Months: namedList{Names: monthNames}}
			m.DaysOfMonth.Day = []string{fmt.Sprint(t.Day)}
			ct.ByMonth = m
			if short := monthsShorterThan(t.Day); len(short) > 0 {
				ts = append(ts, ct)
				last := &byMonth{}
				last.DaysOfMonth.Day = []string{"Last"}
				for _, mo := range short {
					last.Months.Names = append(last.Months.Names, time.Month(mo).String())
				}
				ct = calendarTrigger{StartBoundary: start, ByMonth: last}
			}
		}
		ts = append(ts, ct)
	}
	task := taskXML{
		Version: "1.2", Xmlns: "http://schemas.microsoft.com/windows/2004/02/mit/task",
		Registration: registration{Description: "TrueUp: runs the scheduled syncs (trueup sync --scheduled). Written by TrueUp; it is replaced when you register again."},
		Triggers:     triggers{Calendar: ts},
		Settings: taskSettings{MultipleInstancesPolicy: "IgnoreNew", StartWhenAvailable: true,
			ExecutionTimeLimit: "PT4H", Enabled: true},
		Actions: actions{Context: "Author", Exec: []execAction{{Command: s.Executable, Arguments: windowsCommandLine(s.Args())}}},
	}
	task.Principals.Principal.ID = "Author"
	task.Principals.Principal.LogonType = "InteractiveToken"
	task.Principals.Principal.RunLevel = "LeastPrivilege"
	return task
}

// RenderTaskXML is the task definition as XML text (RegisterTask writes it as UTF-16).
func RenderTaskXML(s Spec) string {
	out, err := xml.MarshalIndent(windowsTask(s), "", "  ")
	if err != nil {
		// The structure is fixed and all its values are strings, numbers and booleans.
		panic(fmt.Sprintf("ostask: marshal the task XML: %v", err))
	}
	return `<?xml version="1.0" encoding="UTF-16"?>` + "\n" + string(out) + "\n"
}

// utf16File is text as the UTF-16LE file with a byte order mark that the encoding
// declaration of RenderTaskXML promises (what Task Scheduler itself exports).
func utf16File(text string) []byte {
	units := utf16.Encode([]rune(strings.ReplaceAll(text, "\n", "\r\n")))
	out := make([]byte, 2, 2+2*len(units))
	out[0], out[1] = 0xFF, 0xFE
	for _, u := range units {
		out = binary.LittleEndian.AppendUint16(out, u)
	}
	return out
}

// windowsCommandLine joins arguments the way CommandLineToArgvW splits them.
func windowsCommandLine(args []string) string {
	quoted := make([]string, len(args))
	for i, a := range args {
		quoted[i] = windowsQuote(a)
	}
	return strings.Join(quoted, " ")
}

func windowsQuote(a string) string {
	if a != "" && !strings.ContainsAny(a, " \t\"") {
		return a
	}
	var b strings.Builder
	b.WriteByte('"')
	slashes := 0
	for _, r := range a {
		switch r {
		case '\\':
			slashes++
			continue
		case '"':
			b.WriteString(strings.Repeat(`\`, 2*slashes+1))
		default:
			b.WriteString(strings.Repeat(`\`, slashes))
		}
		slashes = 0
		b.WriteRune(r)
	}
	b.WriteString(strings.Repeat(`\`, 2*slashes))
	b.WriteByte('"')
	return b.String()
}

func (w *schtasks) register(ctx context.Context, s Spec) error {
	f, err := os.CreateTemp(w.tempDir, "trueup-task-*.xml")
	if err != nil {
		return fmt.Errorf("write the task definition for schtasks: %w", err)
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(utf16File(RenderTaskXML(s))); err != nil {
		f.Close()
		return fmt.Errorf("write the task definition for schtasks: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write the task definition for schtasks: %w", err)
	}
	// /F replaces a task of the same name (a stale one) without asking.
	if _, err := w.run.Run(ctx, "schtasks", "/Create", "/TN", w.name, "/XML", filepath.Clean(f.Name()), "/F"); err != nil {
		return fmt.Errorf("Task Scheduler did not take the TrueUp task: %w", err)
	}
	return nil
}

func (w *schtasks) remove(ctx context.Context) error {
	if _, err := w.run.Run(ctx, "schtasks", "/Query", "/TN", w.name); err != nil {
		if exitError(err) != nil {
			return nil // not there
		}
		return fmt.Errorf("ask Task Scheduler about %q: %w", w.name, err)
	}
	if _, err := w.run.Run(ctx, "schtasks", "/Delete", "/TN", w.name, "/F"); err != nil {
		return fmt.Errorf("delete the Task Scheduler task %q: %w", w.name, err)
	}
	return nil
}

func (w *schtasks) status(ctx context.Context, s Spec) (Status, error) {
	st := Status{State: NotRegistered, Platform: "Task Scheduler task", Location: w.name}
	out, err := w.run.Run(ctx, "schtasks", "/Query", "/TN", w.name, "/XML")
	if err != nil {
		if exitError(err) != nil {
			return st, nil // schtasks answers "cannot find" with exit 1
		}
		return st, fmt.Errorf("ask Task Scheduler about %q: %w", w.name, err)
	}
	got, err := parseTaskXML(out)
	if err != nil {
		return st, fmt.Errorf("read the registered task %q: %w", w.name, err)
	}
	st.State = Stale
	want := windowsTask(s)
	// Task Scheduler rewrites the definition it stores (adds defaults, reorders), so only
	// what TrueUp decides is compared: the triggers and the command.
	switch {
	case !slices.Equal(got.Actions.Exec, want.Actions.Exec):
		st.Detail = "it starts a different program or data folder than this TrueUp: register the task again"
	case !slices.Equal(triggerKeys(got), triggerKeys(want)):
		st.Detail = "its times differ from the schedules: register the task again"
	default:
		st.State = Registered
	}
	return st, nil
}

// parseTaskXML reads what `schtasks /Query /XML` prints, UTF-16 (with a byte order mark)
// or UTF-8.
func parseTaskXML(raw []byte) (taskXML, error) {
	text := raw
	if len(raw) >= 2 && raw[0] == 0xFF && raw[1] == 0xFE {
		units := make([]uint16, (len(raw)-2)/2)
		for i := range units {
			units[i] = binary.LittleEndian.Uint16(raw[2+2*i:])
		}
		text = []byte(string(utf16.Decode(units)))
	}
	text = bytes.TrimPrefix(text, []byte("\xEF\xBB\xBF"))
	dec := xml.NewDecoder(bytes.NewReader(text))
	// The text is UTF-8 by now whatever the declaration says.
	dec.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	var t taskXML
	if err := dec.Decode(&t); err != nil {
		return taskXML{}, err
	}
	return t, nil
}

// triggerKeys are the triggers as comparable words, sorted (the order says nothing).
func triggerKeys(t taskXML) []string {
	var keys []string
	for _, c := range t.Triggers.Calendar {
		at := c.StartBoundary
		if i := strings.IndexByte(at, 'T'); i >= 0 {
			at = at[i:]
		}
		k := at
		switch {
		case c.ByDay != nil:
			k += fmt.Sprint(" daily/", c.ByDay.DaysInterval)
		case c.ByWeek != nil:
			k += fmt.Sprint(" weekly/", c.ByWeek.WeeksInterval, " ", c.ByWeek.DaysOfWeek.Names)
		case c.ByMonth != nil:
			k += fmt.Sprint(" monthly ", c.ByMonth.DaysOfMonth.Day, " ", c.ByMonth.Months.Names)
		}
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
