package main

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
)

// icnsTypes are the ICNS entries written, each holding a PNG of the given pixel size (the
// PNG-carrying types macOS 10.7+ reads; "@2x" are the Retina variants of the size one
// below). ic10 (1024 px, 512@2x) is left out: the source icon is 512 px and an upscaled
// copy would only blur.
var icnsTypes = []struct {
	OSType string
	Size   int
}{
	{"icp4", 16},
	{"ic11", 32}, // 16@2x
	{"icp5", 32},
	{"ic12", 64}, // 32@2x
	{"ic07", 128},
	{"ic13", 256}, // 128@2x
	{"ic08", 256},
	{"ic14", 512}, // 256@2x
	{"ic09", 512},
}

// writeICNS builds an Apple Icon Image file: the magic "icns" and the file's length (big
// endian, header included), then per entry its OSType, its length (8-byte header included)
// and its data. There is no table of contents; Finder and the Dock do not need one.
func writeICNS(src image.Image) ([]byte, error) {
	var body bytes.Buffer
	cache := map[int][]byte{}
	for _, t := range icnsTypes {
		data, ok := cache[t.Size]
		if !ok {
			var err error
			if data, err = pngBytes(scaled(src, t.Size)); err != nil {
				return nil, err
			}
			cache[t.Size] = data
		}
		body.WriteString(t.OSType)
		_ = binary.Write(&body, binary.BigEndian, uint32(8+len(data)))
		body.Write(data)
	}
	if 8+body.Len() > 1<<31 {
		return nil, fmt.Errorf("the icon set is %d bytes, too large for an ICNS file: use a smaller build/appicon.png", body.Len())
	}
	var out bytes.Buffer
	out.WriteString("icns")
	_ = binary.Write(&out, binary.BigEndian, uint32(8+body.Len()))
	out.Write(body.Bytes())
	return out.Bytes(), nil
}

// icnsEntry is one entry read back from an ICNS file.
type icnsEntry struct {
	OSType string
	Data   []byte
}

// readICNS parses an ICNS file into its entries, checking every length against the file;
// the tests and `packager check-icns` use it to prove what writeICNS produced is well formed.
func readICNS(b []byte) ([]icnsEntry, error) {
	if len(b) < 8 || string(b[:4]) != "icns" {
		return nil, fmt.Errorf("not an ICNS file: it does not start with \"icns\"")
	}
	if n := binary.BigEndian.Uint32(b[4:8]); int(n) != len(b) {
		return nil, fmt.Errorf("the ICNS header says %d bytes, the file has %d", n, len(b))
	}
	var entries []icnsEntry
	for off := 8; off < len(b); {
		if len(b)-off < 8 {
			return nil, fmt.Errorf("a truncated ICNS entry header at offset %d", off)
		}
		n := int(binary.BigEndian.Uint32(b[off+4 : off+8]))
		if n < 8 || off+n > len(b) {
			return nil, fmt.Errorf("the ICNS entry %q at offset %d says %d bytes, past the end of the file", b[off:off+4], off, n)
		}
		entries = append(entries, icnsEntry{OSType: string(b[off : off+4]), Data: b[off+8 : off+n]})
		off += n
	}
	return entries, nil
}
