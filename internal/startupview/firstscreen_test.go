package startupview

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// launchReads are a first launch's reads as app.FirstScreen answers them, at now on port.
func launchReads(cycle, label, createdAt, port string) map[string]json.RawMessage {
	return map[string]json.RawMessage{
		"app.WorkspaceService.Info[]": json.RawMessage(`{"demo":true,"data_dir":"/home/sam/.local/share/trueup/demo","version":"1.4.0"}`),
		"app.MonthService.Progress[]": json.RawMessage(`{"cycle":"` + cycle + `","started_at":"","monthly_cost":"12.50"}`),
		"app.SyncService.Status[]": json.RawMessage(`{"generated_at":"` + createdAt + `","integrations":[` +
			`{"integration":{"id":1,"name":"ConnectWise Manage","base_url":"http://127.0.0.1:` + port + `/v4_6_release/apis/3.0",` +
			`"created_at":"` + createdAt + `"},"last_fetched_at":"","next_run_label":"` + label + `","counts":{"accounts":0}}]}`),
	}
}

func TestTemplateKeepsWhatTheScreenShowsAndSlotsWhatALaunchChanges(t *testing.T) {
	tplA, slotsA, err := Template(launchReads("2026-12", "Fri 4 Dec 07:00 (07:00 UTC)", "2026-12-04T02:30:00Z", "35851"))
	require.NoError(t, err)
	tplB, slotsB, err := Template(launchReads("2027-03", "Tue 16 Mar 08:00 (07:00 UTC)", "2027-03-15T18:05:11Z", "41007"))
	require.NoError(t, err)
	assert.Equal(t, string(tplA), string(tplB), "times, ports and the data folder are not part of the template")
	assert.Equal(t, []Slot{{"cycle", "2026-12"}, {"next_run_label", "Fri 4 Dec 07:00 (07:00 UTC)"}, {"version", "1.4.0"}}, slotsA,
		"numbered in the order of the reads' names, then of their keys")
	assert.Equal(t, "2027-03", slotsB[0].Value)

	var tpl map[string]map[string]any
	require.NoError(t, json.Unmarshal(tplA, &tpl))
	assert.Equal(t, "{{trueup-slot-0}}", tpl["app.MonthService.Progress[]"]["cycle"])
	assert.Equal(t, "", tpl["app.MonthService.Progress[]"]["started_at"], "a time never set stays unset")
	assert.Equal(t, "12.50", tpl["app.MonthService.Progress[]"]["monthly_cost"])
	assert.Equal(t, FixedTime, tpl["app.SyncService.Status[]"]["generated_at"])
	assert.Equal(t, "", tpl["app.WorkspaceService.Info[]"]["data_dir"])
	assert.Equal(t, true, tpl["app.WorkspaceService.Info[]"]["demo"])

	// What the screen shows is part of it: another name, count or flag is another template.
	other := launchReads("2026-12", "Fri 4 Dec 07:00 (07:00 UTC)", "2026-12-04T02:30:00Z", "35851")
	other["app.SyncService.Status[]"] = json.RawMessage(strings.Replace(string(other["app.SyncService.Status[]"]), `"accounts":0`, `"accounts":3`, 1))
	tplC, _, err := Template(other)
	require.NoError(t, err)
	assert.NotEqual(t, string(tplA), string(tplC))

	_, _, err = Template(map[string]json.RawMessage{"app.SyncService.Status[]": json.RawMessage(`{"cut`)})
	assert.ErrorContains(t, err, "the app.SyncService.Status[] answer is not JSON")
}

// rendered is FirstScreenFile as the build writes it from template.
func rendered(template []byte, html string) []byte {
	return []byte(FirstScreenHeader(template) + "\n" + html)
}

func TestFillFirstScreen(t *testing.T) {
	tpl, slots, err := Template(launchReads("2026-12", "Fri 4 Dec <07:00> & on", "2026-12-04T02:30:00Z", "35851"))
	require.NoError(t, err)
	html := `<div class="shell"><h2>{{trueup-slot-0}} true-up</h2><p>Next: {{trueup-slot-1}}</p><p>Version {{trueup-slot-2}}</p></div>`

	view, ok := FillFirstScreen(rendered(tpl, html), tpl, slots)
	require.True(t, ok)
	assert.Equal(t, `<div class="shell"><h2>December 2026 true-up</h2><p>Next: Fri 4 Dec &lt;07:00&gt; &amp; on</p><p>Version 1.4.0</p></div>`, view,
		"the month named as the page names it, every value escaped")

	other, _, err := Template(launchReads("2026-12", "x", "", "1"))
	require.NoError(t, err)
	other = append(other, ' ')
	_, ok = FillFirstScreen(rendered(tpl, html), other, slots)
	assert.False(t, ok, "rendered from another template")
	_, ok = FillFirstScreen(rendered(tpl, html+"{{trueup-slot-7}}"), tpl, slots)
	assert.False(t, ok, "a token without a value")
	_, ok = FillFirstScreen(rendered(tpl, html+`<script>alert(1)</script>`), tpl, slots)
	assert.False(t, ok, "markup Validate refuses")
	_, ok = FillFirstScreen(rendered(tpl, " \n"), tpl, slots)
	assert.False(t, ok, "an empty render")
	_, ok = FillFirstScreen([]byte(html), tpl, slots)
	assert.False(t, ok, "no header")
}

func TestMonthOf(t *testing.T) {
	for in, want := range map[string]string{
		"2026-12": "December 2026", "2027-01": "January 2027", "2026-13": "2026-13", "2026-1": "2026-1", "soon": "soon",
	} {
		assert.Equal(t, want, monthOf(in), in)
	}
}

// site serves index.html and the build's first screen, as Wails' asset handler does.
func site(firstScreen []byte) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/", "/index.html":
			_, _ = io.WriteString(w, index)
		case "/" + FirstScreenFile:
			if firstScreen == nil {
				http.NotFound(w, r)
				return
			}
			_, _ = w.Write(firstScreen)
		default:
			http.NotFound(w, r)
		}
	})
}

// A data folder with nothing kept gets the build's first screen when this launch's reads
// make the template it was rendered from, and the start-up line otherwise; a kept view
// always comes first.
func TestTheFirstLaunchPaintsTheBuildsFirstScreen(t *testing.T) {
	tpl, _, err := Template(launchReads("2026-12", "Fri 4 Dec 07:00 (07:00 UTC)", "2026-12-04T02:30:00Z", "35851"))
	require.NoError(t, err)
	file := rendered(tpl, `<div class="shell"><h2>{{trueup-slot-0}} true-up</h2><p>Next: {{trueup-slot-1}}</p></div>`)
	thisLaunch := func() (map[string]json.RawMessage, error) {
		return launchReads("2027-03", "Tue 16 Mar 08:00 (07:00 UTC)", "2027-03-15T18:05:11Z", "41007"), nil
	}

	s := NewStore(t.TempDir())
	_, body := get(t, s.Middleware("linux")(site(file)), "/")
	assert.Contains(t, body, "Opening TrueUp", "no first screen until UseFirstScreen")

	s.UseFirstScreen(thisLaunch)
	_, body = get(t, s.Middleware("linux")(site(file)), "/")
	assert.Contains(t, body, `<div class="startup-view" inert aria-busy="true" style="display: contents"><div class="shell"><h2>March 2027 true-up</h2><p>Next: Tue 16 Mar 08:00 (07:00 UTC)</p></div></div>`)
	assert.NotContains(t, body, "Opening TrueUp")
	assert.Contains(t, body, `<html data-platform="linux"`)

	_, body = get(t, s.Middleware("linux")(site(nil)), "/")
	assert.Contains(t, body, "Opening TrueUp", "a build without a first screen")

	// The page saved its own screen: that one from then on.
	require.NoError(t, s.Save(`<div class="shell">kept rows</div>`))
	_, body = get(t, s.Middleware("linux")(site(file)), "/")
	assert.Contains(t, body, "kept rows")
	assert.NotContains(t, body, "true-up")
}

func TestTheFirstScreenIsNotShownForOtherReads(t *testing.T) {
	tpl, _, err := Template(launchReads("2026-12", "Fri 4 Dec 07:00 (07:00 UTC)", "2026-12-04T02:30:00Z", "35851"))
	require.NoError(t, err)
	file := rendered(tpl, `<div class="shell">{{trueup-slot-0}}</div>`)
	synced := launchReads("2026-12", "Fri 4 Dec 07:00 (07:00 UTC)", "2026-12-04T02:30:00Z", "35851")
	synced["app.SyncService.Status[]"] = json.RawMessage(strings.Replace(string(synced["app.SyncService.Status[]"]),
		`"last_fetched_at":""`, `"last_fetched_at":"2026-12-04T02:31:00Z"`, 1))

	for name, reads := range map[string]func() (map[string]json.RawMessage, error){
		"another screen (synced since)": func() (map[string]json.RawMessage, error) { return synced, nil },
		"a read failed":                 func() (map[string]json.RawMessage, error) { return nil, errors.New("workspace closed") },
		"no answer in time": func() (map[string]json.RawMessage, error) {
			time.Sleep(FirstScreenWait + 300*time.Millisecond)
			return synced, nil
		},
	} {
		t.Run(name, func(t *testing.T) {
			s := NewStore(t.TempDir())
			s.UseFirstScreen(reads)
			_, body := get(t, s.Middleware("")(site(file)), "/")
			assert.Contains(t, body, "Opening TrueUp")
			assert.NotContains(t, body, "startup-view")
		})
	}
}
