package main

import (
	"fmt"
	"io"
	"os"

	"golang.org/x/term"
)

// terminalSecretReader returns a reader of secrets typed on the terminal without echo, or
// nil when stdin is not a terminal (a pipe from a script: the CLI then reads JSON).
func terminalSecretReader(stdin *os.File, prompts io.Writer) func(prompt string) (string, error) {
	fd := int(stdin.Fd())
	if !term.IsTerminal(fd) {
		return nil
	}
	return func(prompt string) (string, error) {
		fmt.Fprint(prompts, prompt)
		b, err := term.ReadPassword(fd)
		fmt.Fprintln(prompts) // the Enter key was not echoed either
		return string(b), err
	}
}
