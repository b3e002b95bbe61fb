// Package startupview paints the window's first screen before the page's code has run: the
// frontend saves the Sync Status screen it shows (its HTML, once the rows are in and nothing
// is running), and at the next launch the asset server puts that HTML into the page WebKit
// loads, where it is drawn as soon as the stylesheets are in. React then renders the live
// screen over it, about 0.4 s later on a 2-core machine (make bench-ui). A view saved by
// another build of the page (other class names, other stylesheets) is never shown.
//
// The HTML comes from our own page, but it is put into the next page as markup: Validate
// refuses anything that could run there (the page's serialised DOM never holds any).
package startupview

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// MaxBytes bounds a saved view: the Sync Status screen with a few dozen integrations is
// 30-80 kB; a view this large is not a screen the frontend rendered.
const MaxBytes = 1 << 20

// What a React render of our own components never contains: elements and attributes that
// run code, load frames or plugins, or navigate.
var (
	forbiddenElement = regexp.MustCompile(`(?i)<\s*/?\s*(script|iframe|frame|frameset|object|embed|base|meta|link|form|style)\b`)
	handlerAttribute = regexp.MustCompile(`(?i)<[^>]*\son[a-z]+\s*=`)
	codeURL          = regexp.MustCompile(`(?i)=\s*["']?\s*(javascript|vbscript|data)\s*:`)
)

// ErrTooLarge is returned for a view over MaxBytes.
var ErrTooLarge = errors.New("the startup view is larger than 1 MiB")

// Validate says why html cannot be shown as the next launch's first screen, or nil.
func Validate(html string) error {
	if len(html) > MaxBytes {
		return ErrTooLarge
	}
	if m := forbiddenElement.FindString(html); m != "" {
		return fmt.Errorf("the startup view holds a %q element, which the page never renders", strings.TrimSpace(m))
	}
	if handlerAttribute.MatchString(html) {
		return errors.New("the startup view holds an event-handler attribute, which the page never renders")
	}
	if codeURL.MatchString(html) {
		return errors.New("the startup view holds a javascript:, vbscript: or data: URL in an attribute, which the page never renders")
	}
	return nil
}
