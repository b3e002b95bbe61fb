package sim

import (
	"errors"
	"net"
	"strconv"
)

// DemoPorts is how many consecutive loopback ports the demo's simulators take from its port
// base: the PSA's, Pax8's and Microsoft's.
const DemoPorts = 3

// FreePortRun finds n consecutive free loopback ports (the demo's port base and the ones
// after it), for tests that start the demo on ports of their own.
func FreePortRun(n int) (int, error) {
	for range 50 {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return 0, err
		}
		port := ln.Addr().(*net.TCPAddr).Port
		free := true
		for k := 1; k < n && free; k++ {
			next, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port+k)))
			if err != nil {
				free = false
				continue
			}
			next.Close()
		}
		ln.Close()
		if free {
			return port, nil
		}
	}
	return 0, errors.New("no run of free loopback ports")
}
