package ostask

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func tuesday() Spec {
	return Spec{Executable: "/opt/trueup", Hour: 7, Triggers: []Trigger{{Cadence: Weekly, Weekday: time.Tuesday}}}
}

func TestSpecValidation(t *testing.T) {
	tests := []struct {
		name string
		spec Spec
		want string
	}{
		{"relative program", Spec{Executable: "trueup", Hour: 7, Triggers: tuesday().Triggers}, "absolute path"},
		{"no schedule", Spec{Executable: "/opt/trueup", Hour: 7}, "no schedule is on"},
		{"bad day", Spec{Executable: "/opt/trueup", Hour: 7, Triggers: []Trigger{{Cadence: Monthly, Day: 32}}}, "between 1 and 31"},
		{"bad weekday", Spec{Executable: "/opt/trueup", Hour: 7, Triggers: []Trigger{{Cadence: Weekly, Weekday: 7}}}, "not a weekday"},
		{"bad hour", Spec{Executable: "/opt/trueup", Hour: 24, Triggers: tuesday().Triggers}, "not a time"},
		{"no cadence", Spec{Executable: "/opt/trueup", Hour: 7, Triggers: []Trigger{{}}}, "not nightly"},
		{"windows path", Spec{Executable: `C:\TrueUp\trueup.exe`, Hour: 7, Triggers: tuesday().Triggers}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.spec.validate()
			if tt.want == "" {
				assert.NoError(t, err)
				return
			}
			assert.ErrorContains(t, err, tt.want)
		})
	}
}

func TestNewRefusesAnUnknownPlatform(t *testing.T) {
	_, err := New(Options{GOOS: "plan9", Runner: &fakeRunner{}})
	assert.ErrorContains(t, err, "run `trueup sync --scheduled` from your own scheduler")
}

func TestSystemdRegisterStatusRemove(t *testing.T) {
	ctx := context.Background()
	cfg := t.TempDir()
	run := &fakeRunner{}
	m, err := New(Options{GOOS: "linux", Runner: run, Home: "/nonexistent", ConfigHome: cfg})
	require.NoError(t, err)
	dir := filepath.Join(cfg, "systemd", "user")

	st, err := m.Status(ctx, tuesday())
	require.NoError(t, err)
	assert.Equal(t, NotRegistered, st.State)
	assert.Empty(t, run.lines(), "no unit files: systemctl is not asked")

	require.NoError(t, m.Register(ctx, tuesday()))
	assert.Equal(t, []string{
		"systemctl --user daemon-reload",
		"systemctl --user enable --now trueup-sync.timer",
		"systemctl --user restart trueup-sync.timer",
	}, run.lines())
	timer, err := os.ReadFile(filepath.Join(dir, "trueup-sync.timer"))
	require.NoError(t, err)
	assert.Equal(t, RenderSystemdTimer(tuesday()), string(timer))
	service, err := os.ReadFile(filepath.Join(dir, "trueup-sync.service"))
	require.NoError(t, err)
	assert.Equal(t, RenderSystemdService(tuesday()), string(service))

	run.reset()
	run.answer("systemctl --user is-enabled", fakeAnswer{out: "enabled\n"})
	st, err = m.Status(ctx, tuesday())
	require.NoError(t, err)
	assert.Equal(t, Status{State: Registered, Platform: "systemd user timer", Location: filepath.Join(dir, "trueup-sync.timer")}, st)
	assert.Equal(t, []string{"systemctl --user is-enabled trueup-sync.timer"}, run.lines())

	monthly := tuesday()
	monthly.Triggers = []Trigger{{Cadence: Monthly, Day: 5}}
	st, err = m.Status(ctx, monthly)
	require.NoError(t, err)
	assert.Equal(t, Stale, st.State)
	assert.Contains(t, st.Detail, "times differ")

	moved := tuesday()
	moved.Executable = "/usr/local/bin/trueup"
	st, err = m.Status(ctx, moved)
	require.NoError(t, err)
	assert.Equal(t, Stale, st.State)
	assert.Contains(t, st.Detail, "different program")

	off := tuesday()
	off.Triggers = nil
	st, err = m.Status(ctx, off)
	require.NoError(t, err)
	assert.Equal(t, Stale, st.State)
	assert.Contains(t, st.Detail, "remove the task")

	run.answer("systemctl --user is-enabled", fakeAnswer{out: "disabled\n", exit: 1})
	st, err = m.Status(ctx, tuesday())
	require.NoError(t, err)
	assert.Equal(t, Stale, st.State)
	assert.Contains(t, st.Detail, "disabled, not enabled")

	run.answer("systemctl --user is-enabled", fakeAnswer{exit: 1}) // "Failed to connect to bus" on stderr only
	_, err = m.Status(ctx, tuesday())
	assert.ErrorContains(t, err, "is this a systemd session?")

	run.reset()
	require.NoError(t, m.Remove(ctx))
	assert.Equal(t, []string{"systemctl --user disable --now trueup-sync.timer", "systemctl --user daemon-reload"}, run.lines())
	assert.NoFileExists(t, filepath.Join(dir, "trueup-sync.timer"))
	assert.NoFileExists(t, filepath.Join(dir, "trueup-sync.service"))

	run.reset()
	require.NoError(t, m.Remove(ctx), "removing what is not there is fine")
	assert.Empty(t, run.lines())
}

func TestSystemdRegisterSaysWhenSystemdIsNotThere(t *testing.T) {
	run := &fakeRunner{}
	run.answer("systemctl --user daemon-reload", fakeAnswer{exit: 1})
	m, err := New(Options{GOOS: "linux", Runner: run, Home: t.TempDir()})
	require.NoError(t, err)
	err = m.Register(context.Background(), tuesday())
	assert.ErrorContains(t, err, "did not take them")
	assert.FileExists(t, filepath.Join(m.b.(*systemd).dir, "trueup-sync.timer"), "the default folder is under Home/.config")
}

func TestRegisterRefusesWithoutSchedules(t *testing.T) {
	run := &fakeRunner{}
	home := t.TempDir()
	m, err := New(Options{GOOS: "linux", Runner: run, Home: home})
	require.NoError(t, err)
	err = m.Register(context.Background(), Spec{Executable: "/opt/trueup", Hour: 7})
	assert.ErrorContains(t, err, "set one first")
	assert.Empty(t, run.lines())
	assert.NoDirExists(t, filepath.Join(home, ".config"))
}

func TestLaunchdRegisterStatusRemove(t *testing.T) {
	ctx := context.Background()
	home := t.TempDir()
	run := &fakeRunner{}
	berlin, err := time.LoadLocation("Europe/Berlin")
	require.NoError(t, err)
	now := time.Date(2026, 12, 2, 5, 0, 0, 0, time.UTC)
	m, err := New(Options{GOOS: "darwin", Runner: run, Home: home, UID: 501, Location: berlin, Now: func() time.Time { return now }})
	require.NoError(t, err)
	plist := filepath.Join(home, "Library", "LaunchAgents", "com.trueup.sync.plist")

	st, err := m.Status(ctx, tuesday())
	require.NoError(t, err)
	assert.Equal(t, NotRegistered, st.State)

	run.answer("launchctl bootout", fakeAnswer{exit: 3}) // not loaded yet
	require.NoError(t, m.Register(ctx, tuesday()))
	assert.Equal(t, []string{"launchctl bootout gui/501/com.trueup.sync", "launchctl bootstrap gui/501 " + plist}, run.lines())
	got, err := os.ReadFile(plist)
	require.NoError(t, err)
	assert.Equal(t, RenderLaunchdPlist(tuesday(), "com.trueup.sync", berlin, now), string(got))

	st, err = m.Status(ctx, tuesday())
	require.NoError(t, err)
	assert.Equal(t, Registered, st.State)

	m.b.(*launchd).loc = time.UTC // the Mac moved to another zone
	st, err = m.Status(ctx, tuesday())
	require.NoError(t, err)
	assert.Equal(t, Stale, st.State)
	m.b.(*launchd).loc = berlin

	run.answer("launchctl print", fakeAnswer{exit: 113})
	st, err = m.Status(ctx, tuesday())
	require.NoError(t, err)
	assert.Equal(t, Stale, st.State)
	assert.Contains(t, st.Detail, "has not loaded it")

	run.reset()
	require.NoError(t, m.Remove(ctx))
	assert.Equal(t, []string{"launchctl bootout gui/501/com.trueup.sync"}, run.lines())
	assert.NoFileExists(t, plist)

	run.answer("launchctl bootstrap", fakeAnswer{exit: 5})
	assert.ErrorContains(t, m.Register(ctx, tuesday()), "launchd did not load it")
}

func TestSchtasksRegisterStatusRemove(t *testing.T) {
	ctx := context.Background()
	run := &fakeRunner{}
	spec := Spec{Executable: `C:\Program Files\TrueUp\trueup.exe`, DataDir: `D:\data`, Hour: 7,
		Triggers: []Trigger{{Cadence: Monthly, Day: 30}, {Cadence: Weekly, Weekday: time.Friday}}}
	var written []byte
	run.onRun = func(argv []string) {
		if argv[1] == "/Create" {
			var err error
			written, err = os.ReadFile(argv[5])
			require.NoError(t, err)
		}
	}
	m, err := New(Options{GOOS: "windows", Runner: run, TempDir: t.TempDir()})
	require.NoError(t, err)

	run.answer("schtasks /Query", fakeAnswer{exit: 1, out: "ERROR: The system cannot find the file specified."})
	st, err := m.Status(ctx, spec)
	require.NoError(t, err)
	assert.Equal(t, Status{State: NotRegistered, Platform: "Task Scheduler task", Location: "TrueUp Scheduled Sync"}, st)

	run.reset()
	require.NoError(t, m.Register(ctx, spec))
	lines := run.lines()
	require.Len(t, lines, 1)
	assert.Regexp(t, `^schtasks /Create /TN TrueUp Scheduled Sync /XML .*trueup-task-.*\.xml /F$`, lines[0])
	assert.Equal(t, utf16File(RenderTaskXML(spec)), written, "schtasks reads the task as UTF-16 with a byte order mark")
	parsed, err := parseTaskXML(written)
	require.NoError(t, err)
	assert.Equal(t, windowsTask(spec).Triggers, parsed.Triggers)
	assert.Equal(t, windowsTask(spec).Actions, parsed.Actions)
	entries, err := os.ReadDir(m.b.(*schtasks).tempDir)
	require.NoError(t, err)
	assert.Empty(t, entries, "the temporary XML is removed")

	// What schtasks /Query /XML prints: Task Scheduler's own rewrite, with its defaults.
	shown := `<?xml version="1.0" encoding="UTF-16"?>
<Task version="1.4" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
  <RegistrationInfo><Date>2026-12-02T06:00:00</Date><Author>PC\jo</Author><URI>\TrueUp Scheduled Sync</URI></RegistrationInfo>
  <Triggers>
    <CalendarTrigger><StartBoundary>2024-01-01T07:00:00Z</StartBoundary><Enabled>true</Enabled>
      <ScheduleByMonth><DaysOfMonth><Day>30</Day></DaysOfMonth><Months><January /><February /><March /><April /><May /><June /><July /><August /><September /><October /><November /><December /></Months></ScheduleByMonth></CalendarTrigger>
    <CalendarTrigger><StartBoundary>2024-01-01T07:00:00Z</StartBoundary><Enabled>true</Enabled>
      <ScheduleByMonth><DaysOfMonth><Day>Last</Day></DaysOfMonth><Months><February /></Months></ScheduleByMonth></CalendarTrigger>
    <CalendarTrigger><StartBoundary>2024-01-01T07:00:00Z</StartBoundary><Enabled>true</Enabled>
      <ScheduleByWeek><DaysOfWeek><Friday /></DaysOfWeek><WeeksInterval>1</WeeksInterval></ScheduleByWeek></CalendarTrigger>
  </Triggers>
  <Principals><Principal id="Author"><UserId>S-1-5-21-1</UserId><LogonType>InteractiveToken</LogonType></Principal></Principals>
  <Settings><MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy><IdleSettings><StopOnIdleEnd>true</StopOnIdleEnd></IdleSettings><Enabled>true</Enabled></Settings>
  <Actions Context="Author"><Exec><Command>C:\Program Files\TrueUp\trueup.exe</Command><Arguments>--data-dir D:\data sync --scheduled</Arguments></Exec></Actions>
</Task>`
	run.answer("schtasks /Query", fakeAnswer{out: string(utf16File(shown))})
	st, err = m.Status(ctx, spec)
	require.NoError(t, err)
	assert.Equal(t, Registered, st.State, st.Detail)

	other := spec
	other.Triggers = []Trigger{{Cadence: Weekly, Weekday: time.Friday}}
	st, err = m.Status(ctx, other)
	require.NoError(t, err)
	assert.Equal(t, Stale, st.State)
	assert.Contains(t, st.Detail, "times differ")

	other = spec
	other.DataDir = `E:\elsewhere`
	st, err = m.Status(ctx, other)
	require.NoError(t, err)
	assert.Equal(t, Stale, st.State)
	assert.Contains(t, st.Detail, "different program or data folder")

	run.reset()
	require.NoError(t, m.Remove(ctx))
	assert.Equal(t, []string{"schtasks /Query /TN TrueUp Scheduled Sync", "schtasks /Delete /TN TrueUp Scheduled Sync /F"}, run.lines())

	run.reset()
	run.answer("schtasks /Query", fakeAnswer{exit: 1})
	require.NoError(t, m.Remove(ctx))
	assert.Equal(t, []string{"schtasks /Query /TN TrueUp Scheduled Sync"}, run.lines(), "nothing to delete")

	run.answer("schtasks /Query", fakeAnswer{err: errors.New("exec: schtasks: not found")})
	_, err = m.Status(ctx, spec)
	assert.ErrorContains(t, err, "ask Task Scheduler")
}

func TestQuoting(t *testing.T) {
	for in, want := range map[string]string{
		"plain":      "plain",
		"with space": `"with space"`,
		`100%`:       `100%%`,
		`$HOME`:      `$$HOME`,
		`a"b`:        `"a\"b"`,
		`C:\dir`:     `"C:\\dir"`,
		"":           `""`,
	} {
		assert.Equal(t, want, systemdQuote(in), "systemd %q", in)
	}
	for in, want := range map[string]string{
		"plain":       "plain",
		`C:\a b\`:     `"C:\a b\\"`,
		`say "hi"`:    `"say \"hi\""`,
		`C:\x\"y`:     `"C:\x\\\"y"`,
		``:            `""`,
		`C:\no\space`: `C:\no\space`,
	} {
		assert.Equal(t, want, windowsQuote(in), "windows %q", in)
	}
}
