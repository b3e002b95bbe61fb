//go:build windows

package main

import (
	"os"
	"syscall"
)

// attachConsole connects a GUI-subsystem build (-H windowsgui, the desktop app) to the
// console it was started from, so the command-line interface can print there. Handles
// that are already usable (a console build, or output redirected to a file or pipe) are
// kept as they are.
func attachConsole() {
	if os.Stdout != nil && os.Stderr != nil && os.Stdin != nil {
		return
	}
	const attachParentProcess = ^uintptr(0) // (DWORD)-1
	attach := syscall.NewLazyDLL("kernel32.dll").NewProc("AttachConsole")
	if ok, _, _ := attach.Call(attachParentProcess); ok == 0 {
		return // started from Explorer: there is no console to attach to
	}
	if os.Stdout == nil {
		os.Stdout, _ = os.OpenFile("CONOUT$", os.O_WRONLY, 0)
	}
	if os.Stderr == nil {
		os.Stderr, _ = os.OpenFile("CONOUT$", os.O_WRONLY, 0)
	}
	if os.Stdin == nil {
		os.Stdin, _ = os.OpenFile("CONIN$", os.O_RDONLY, 0)
	}
}
