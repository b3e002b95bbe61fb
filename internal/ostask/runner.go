package ostask

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
)

// Runner runs one OS command (systemctl, launchctl, schtasks) and returns its standard
// output. A command that ran and exited non-zero returns an *ExitError.
type Runner interface {
	Run(ctx context.Context, name string, args ...string) ([]byte, error)
}

// ExitError is a command that ran and failed.
type ExitError struct {
	Command string
	Code    int
	Stdout  string
	Stderr  string
}

func (e *ExitError) Error() string {
	msg := strings.TrimSpace(e.Stderr)
	if msg == "" {
		msg = strings.TrimSpace(e.Stdout)
	}
	return fmt.Sprintf("%s exited with %d: %s", e.Command, e.Code, msg)
}

// ExecRunner runs commands with os/exec.
type ExecRunner struct{}

func (ExecRunner) Run(ctx context.Context, name string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) && ctx.Err() == nil {
		return stdout.Bytes(), &ExitError{Command: name + " " + strings.Join(args, " "), Code: exit.ExitCode(),
			Stdout: stdout.String(), Stderr: stderr.String()}
	}
	if err != nil {
		return nil, fmt.Errorf("run %s: %w", name, err)
	}
	return stdout.Bytes(), nil
}

// exitError returns the command's *ExitError, or nil when err is not one.
func exitError(err error) *ExitError {
	var e *ExitError
	if errors.As(err, &e) {
		return e
	}
	return nil
}
