package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/demo"
	"github.com/trueup/trueup/internal/sim"
	"github.com/trueup/trueup/internal/workspace"
)

// noWorkspaceEnv runs the CLI where opening the workspace fails: help and flag errors must
// not need it.
func noWorkspaceEnv(out, errb *bytes.Buffer) Env {
	return Env{Stdin: strings.NewReader(""), Stdout: out, Stderr: errb, Getenv: func(string) string { return "" },
		OpenWorkspace: func(context.Context, string, bool) (*workspace.Workspace, error) {
			return nil, errors.New("help opened the workspace")
		}}
}

func runNoWorkspace(args ...string) result {
	var out, errb bytes.Buffer
	code := Run(context.Background(), args, noWorkspaceEnv(&out, &errb))
	return result{code, out.String(), errb.String()}
}

var flagToken = regexp.MustCompile(`--[a-z][a-z-]*`)

// Every command and subcommand has help; every flag its synopsis names is one its flag set
// parses, and every parsed flag is listed.
func TestHelpIsAccurate(t *testing.T) {
	overview := runNoWorkspace("help")
	require.Equal(t, 0, overview.code, overview.stderr)
	for name, cmd := range commands {
		keys := []string{name}
		if cmd.subs != nil {
			keys = nil
			for _, sub := range cmd.subs {
				keys = append(keys, name+" "+sub)
			}
		}
		for _, key := range keys {
			t.Run(key, func(t *testing.T) {
				h, ok := findHelp(key)
				require.True(t, ok, "helpTexts has no entry for %q", key)
				assert.Contains(t, overview.stdout, h.synopsis)

				r := runNoWorkspace(append([]string{"help"}, strings.Fields(key)...)...)
				require.Equal(t, 0, r.code, r.stderr)
				assert.Empty(t, r.stderr)
				assert.True(t, strings.HasPrefix(r.stdout, "Usage: trueup "+h.synopsis+"\n"), r.stdout)
				_, flagList, ok := strings.Cut(r.stdout, "Flags:\n")
				require.True(t, ok, r.stdout)
				listed := flagToken.FindAllString(flagList, -1)
				for _, f := range flagToken.FindAllString(h.synopsis, -1) {
					assert.Contains(t, listed, f, "the synopsis names %s, which %s does not parse", f, key)
				}
				for _, f := range listed {
					assert.Contains(t, h.synopsis, f, "%s parses %s: name it in the synopsis", key, f)
				}
				assert.NotContains(t, r.stdout, " -"+strings.TrimPrefix(listed[0], "--"), "flags are spelled with two dashes")

				same := runNoWorkspace(append(strings.Fields(key), "--help")...)
				assert.Equal(t, 0, same.code, same.stderr)
				assert.Equal(t, r.stdout, same.stdout, "`%s --help` is `help %s`", key, key)
			})
		}
	}
	for _, w := range []string{"trueup help", "version"} {
		assert.Contains(t, overview.stdout, w)
	}
	r := runNoWorkspace("help", "integrations")
	require.Equal(t, 0, r.code)
	for _, sub := range commands["integrations"].subs {
		assert.Contains(t, r.stdout, "Usage: trueup integrations "+sub)
	}
	r = runNoWorkspace("help", "frobnicate")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, `unknown command "frobnicate"`)
	r = runNoWorkspace("help", "integrations", "rename")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "add, edit, list, remove")
}

func TestVersionAndGlobalFlags(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}, {"-v"}, {"--data-dir", "/x", "--version"}} {
		var out, errb bytes.Buffer
		env := noWorkspaceEnv(&out, &errb)
		env.Version = "1.2.3"
		assert.Equal(t, 0, Run(context.Background(), args, env), args)
		assert.Equal(t, "trueup 1.2.3\n", out.String(), args)
	}
	r := runNoWorkspace("--foo")
	assert.Equal(t, 1, r.code)
	assert.Equal(t, "trueup: unknown flag --foo (the flags before a command are --data-dir, --version and --help)\nRun `trueup help` for the commands.\n", r.stderr)
}

// A flag mistake is one line with the -- spelling and the command's help, never Go's usage
// dump with single-dash names.
func TestFlagErrorsAreOneLine(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"sync", "--bogus"}, "trueup sync: unknown flag --bogus (see `trueup help sync`)"},
		{[]string{"logs", "--run"}, "trueup logs: --run needs a value (see `trueup help logs`)"},
		{[]string{"logs", "-run", "x"}, `trueup logs: invalid value "x" for --run: parse error (see ` + "`trueup help logs`)"},
		{[]string{"status", "--json=maybe"}, `trueup status: invalid value "maybe" for --json: use true or false (see ` + "`trueup help status`)"},
		{[]string{"integrations", "add", "--base_url", "x"}, "trueup integrations add: unknown flag --base_url (see `trueup help integrations add`)"},
		{[]string{"demo", "--latency", "soon"}, `trueup demo: invalid value "soon" for --latency: parse error (see ` + "`trueup help demo`)"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			h := &harness{t: t, dataDir: t.TempDir()}
			r := h.runWith(runOpts{}, tt.args...)
			assert.Equal(t, 1, r.code)
			assert.Equal(t, tt.want+"\n", r.stderr)
			assert.Empty(t, r.stdout)
		})
	}
}

func TestDemoFlags(t *testing.T) {
	var got []DemoOptions
	demoFn := func(_ context.Context, _ io.Writer, o DemoOptions) error { got = append(got, o); return nil }
	h := &harness{t: t, dataDir: t.TempDir()}
	require.Equal(t, 0, h.runWith(runOpts{demo: demoFn}, "demo").code)
	require.Equal(t, 0, h.runWith(runOpts{demo: demoFn}, "demo", "--port-base", "40000", "--latency", "200ms").code)
	require.Equal(t, 0, h.runWith(runOpts{demo: demoFn}, "demo", "--psa", "ConnectWise").code)
	assert.Equal(t, []DemoOptions{{PSA: connector.KindConnectWise, PortBase: DefaultDemoPortBase},
		{PSA: connector.KindConnectWise, PortBase: 40000, Latency: 200 * time.Millisecond},
		{PSA: connector.KindConnectWise, PortBase: DefaultDemoPortBase}}, got, "the default PSA is ConnectWise; kinds are case-insensitive")

	r := h.runWith(runOpts{demo: demoFn}, "demo", "--psa", "zoho")
	assert.Equal(t, 1, r.code)
	assert.Equal(t, `trueup demo: --psa zoho: the demo has no PSA "zoho": choose one of `+strings.ReplaceAll(demoKinds(), "|", ", ")+"\n", r.stderr)
	assert.Len(t, got, 3, "nothing starts")

	r = h.runWith(runOpts{demo: demoFn}, "demo", "--port-base", "80")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "choose a port from 1024 to 65533")
	r = h.runWith(runOpts{demo: func(context.Context, io.Writer, DemoOptions) error {
		return errors.New("port 47310 for the ConnectWise simulator is taken")
	}}, "demo")
	assert.Equal(t, 1, r.code)
	assert.Equal(t, "trueup demo: port 47310 for the ConnectWise simulator is taken\n", r.stderr)
}

// RunDemo prints the fixed ports and the flags to add each integration, for the PSA chosen.
func TestRunDemoPrintsItsPorts(t *testing.T) {
	base := freePortPair(t)
	ctx, cancel := context.WithCancel(context.Background())
	out := &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- RunDemo(ctx, out, DemoOptions{PSA: connector.KindConnectWise, PortBase: base}) }()
	require.Eventually(t, func() bool {
		return strings.Contains(out.String(), "demo credentials") && strings.Count(out.String(), "demo credentials") == 3
	},
		10*time.Second, 10*time.Millisecond)
	cancel()
	require.NoError(t, <-done)
	s := out.String()
	assert.Contains(t, s, fmt.Sprintf("(ConnectWise Manage, Pax8 and Microsoft) are running on 127.0.0.1 ports %d, %d and %d", base, base+1, base+2))
	assert.Contains(t, s, fmt.Sprintf("  ConnectWise Manage  --kind connectwise --base-url http://127.0.0.1:%d/v4_6_release/apis/3.0", base))
	assert.Contains(t, s, "--set company=trueupdemo")
	assert.Contains(t, s, fmt.Sprintf("--kind pax8 --base-url http://127.0.0.1:%d/v1", base+1))
	assert.Contains(t, s, fmt.Sprintf("--kind microsoft --base-url http://127.0.0.1:%d", base+2))
}

// Whichever PSA the demo runs on, the printed flags add that PSA's integration.
func TestRunDemoPrintsTheChosenPSA(t *testing.T) {
	for _, psa := range demo.PSAs() {
		t.Run(string(psa.Kind()), func(t *testing.T) {
			base := freePortPair(t)
			ctx, cancel := context.WithCancel(context.Background())
			out := &syncBuffer{}
			done := make(chan error, 1)
			go func() { done <- RunDemo(ctx, out, DemoOptions{PSA: psa.Kind(), PortBase: base}) }()
			require.Eventually(t, func() bool { return strings.Count(out.String(), "demo credentials (stdin") == 3 }, 10*time.Second, 10*time.Millisecond)
			cancel()
			require.NoError(t, <-done)
			s := out.String()
			assert.Contains(t, s, "("+psa.Name()+", Pax8 and Microsoft)")
			assert.Regexp(t, fmt.Sprintf(`(?m)^  %s +--kind %s --base-url http://127\.0\.0\.1:%d\S*$`, regexp.QuoteMeta(psa.Name()), psa.Kind(), base), s)
			in := psa.Integration("")
			for k, v := range in.Settings {
				assert.Contains(t, s, "--set "+k+"="+v)
			}
			for k := range in.Secrets {
				assert.Contains(t, s, `"`+k+`":`)
			}
		})
	}
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}
func (b *syncBuffer) String() string { b.mu.Lock(); defer b.mu.Unlock(); return b.buf.String() }

// freePortPair finds two consecutive free loopback ports.
func freePortPair(t *testing.T) int {
	t.Helper()
	port, err := sim.FreePortRun(sim.DemoPorts)
	require.NoError(t, err)
	return port
}
