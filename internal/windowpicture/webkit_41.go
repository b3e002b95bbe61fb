//go:build linux && cgo && (desktop || dev) && webkit2_41

package windowpicture

// #cgo pkg-config: webkit2gtk-4.1
import "C"
