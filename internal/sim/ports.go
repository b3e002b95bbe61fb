package sim

import (
	"errors"
	"net"
	"strconv"
)

// FreePortPair finds two consecutive free loopback ports (the demo's port base and the one
// after it), for tests that start the demo on ports of their own.
func FreePortPair() (int, error) {
	for range 50 {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return 0, err
		}
		port := ln.Addr().(*net.TCPAddr).Port
		next, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port+1)))
		ln.Close()
		if err == nil {
			next.Close()
			return port, nil
		}
	}
	return 0, errors.New("no two consecutive free loopback ports")
}
