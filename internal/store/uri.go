package store

import (
	"net/url"
	"path/filepath"
	"strings"
)

// databaseURI is the driver's name for the database file at path with our connection
// settings. The path is percent-encoded into a file: URI, so a folder name holding '?', '#'
// or '%' stays part of the path: concatenated raw, '?' would start the query (moving the
// database and letting the rest of the name add pragmas) and '#' would cut the name off.
// SQLite decodes the escapes (SQLITE_OPEN_URI, which the driver sets for file: names).
func databaseURI(path string, query url.Values) string {
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // Windows: C:/... becomes file:///C:/..., the form SQLite documents
	}
	return "file://" + escapePath(p) + "?" + query.Encode()
}

// escapePath percent-encodes every byte of p except unreserved URI characters, '/' and ':'
// (kept for Windows drive letters).
func escapePath(p string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			c == '-', c == '.', c == '_', c == '~', c == '/', c == ':':
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}
