package webviewgpu

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestChoose(t *testing.T) {
	tests := []struct {
		name    string
		env     string
		nodes   []string
		opens   map[string]bool
		want    Policy
		because string
	}{
		{"a render node that opens", "", []string{"/dev/dri/renderD128"}, map[string]bool{"/dev/dri/renderD128": true}, Always, "GPU render node /dev/dri/renderD128"},
		{"the second node opens", "", []string{"/dev/dri/renderD128", "/dev/dri/renderD129"}, map[string]bool{"/dev/dri/renderD129": true}, Always, "renderD129"},
		{"no render node (a VM)", "", nil, nil, Never, "no GPU render node"},
		{"a node the user may not open (remote desktop)", "", []string{"/dev/dri/renderD128"}, nil, Never, "no GPU render node"},
		{"override on without a GPU", "always", nil, nil, Always, EnvVar + "=always"},
		{"override off with a GPU", " Never ", []string{"/dev/dri/renderD128"}, map[string]bool{"/dev/dri/renderD128": true}, Never, EnvVar + "=never"},
		{"a bad override is said and ignored", "on-demand", nil, nil, Never, `"on-demand" is neither always nor never`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, why := Choose(System{
				Getenv:      func(k string) string { return map[string]string{EnvVar: tt.env}[k] },
				RenderNodes: func() []string { return tt.nodes },
				CanOpen:     func(p string) bool { return tt.opens[p] },
			})
			assert.Equal(t, tt.want, got)
			assert.Contains(t, why, tt.because)
		})
	}
}

// Host opens the node for real: a file it can open counts, one that is gone does not.
func TestHostCanOpen(t *testing.T) {
	dir := t.TempDir()
	node := filepath.Join(dir, "renderD128")
	assert.NoError(t, os.WriteFile(node, nil, 0o600))
	assert.True(t, Host().CanOpen(node))
	assert.False(t, Host().CanOpen(filepath.Join(dir, "renderD129")))
}
