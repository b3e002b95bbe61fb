package ostask

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"
	_ "time/tzdata" // the launchd renderings use named zones on every test machine

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update once to write %s", path)
	assert.Equal(t, string(want), got, "golden file %s (go test -update rewrites it)", path)
}

// weeklyAndMonthly is a PSA weekly on Tuesday, a vendor on the 5th and one on the 31st.
func weeklyAndMonthly() Spec {
	return Spec{Executable: "/opt/TrueUp/trueup", DataDir: "/home/jo/MSP data/100%", Hour: 7,
		Triggers: []Trigger{{Cadence: Monthly, Day: 31}, {Cadence: Weekly, Weekday: time.Tuesday}, {Cadence: Monthly, Day: 5}, {Cadence: Weekly, Weekday: time.Tuesday}}}
}

func TestRenderSystemd(t *testing.T) {
	tests := []struct {
		name string
		spec Spec
	}{
		{"weekly-monthly", weeklyAndMonthly()},
		{"nightly-default-folder", Spec{Executable: "/usr/bin/trueup", Hour: 7,
			Triggers: []Trigger{{Cadence: Weekly, Weekday: time.Monday}, {Cadence: Nightly}}}},
		{"monthly-29-30", Spec{Executable: "/usr/bin/trueup", Hour: 7,
			Triggers: []Trigger{{Cadence: Monthly, Day: 29}, {Cadence: Monthly, Day: 30}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			golden(t, "systemd-"+tt.name+".service", RenderSystemdService(tt.spec))
			golden(t, "systemd-"+tt.name+".timer", RenderSystemdTimer(tt.spec))
		})
	}
}

func TestRenderLaunchd(t *testing.T) {
	now := time.Date(2026, 12, 2, 5, 0, 0, 0, time.UTC)
	spec := Spec{Executable: "/Applications/TrueUp.app/Contents/MacOS/TrueUp", Hour: 7,
		Triggers: []Trigger{{Cadence: Weekly, Weekday: time.Tuesday}, {Cadence: Monthly, Day: 1}, {Cadence: Monthly, Day: 30}}}
	for _, zone := range []string{"UTC", "Europe/Berlin", "America/Los_Angeles", "Asia/Kolkata"} {
		t.Run(zone, func(t *testing.T) {
			loc, err := time.LoadLocation(zone)
			require.NoError(t, err)
			golden(t, "launchd-"+filepath.Base(zone)+".plist", RenderLaunchdPlist(spec, launchdLabel, loc, now))
		})
	}
	t.Run("data folder and nightly", func(t *testing.T) {
		s := Spec{Executable: "/Applications/TrueUp.app/Contents/MacOS/TrueUp", DataDir: "/Users/jo/A&B <data>", Hour: 7,
			Triggers: []Trigger{{Cadence: Nightly}}}
		golden(t, "launchd-nightly.plist", RenderLaunchdPlist(s, launchdLabel, time.UTC, now))
	})
}

func TestRenderTaskXML(t *testing.T) {
	s := Spec{Executable: `C:\Users\Jo Doe\AppData\Local\Programs\TrueUp\trueup.exe`, DataDir: `D:\MSP data\`, Hour: 7,
		Triggers: []Trigger{{Cadence: Weekly, Weekday: time.Tuesday}, {Cadence: Monthly, Day: 31}, {Cadence: Monthly, Day: 6}}}
	golden(t, "windows-weekly-monthly.xml", RenderTaskXML(s))
	golden(t, "windows-nightly.xml", RenderTaskXML(Spec{Executable: `C:\TrueUp\trueup.exe`, Hour: 7, Triggers: []Trigger{{Cadence: Nightly}}}))
}
