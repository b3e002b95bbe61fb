package main

import (
	"fmt"
	"strconv"
	"strings"
)

// numericVersion is the four-part x.y.z.0 form Windows resources and NSIS's
// VIProductVersion require, from a release version such as 1.2.3 or 1.2.3-rc.1 (the
// pre-release and build suffixes have no place there).
func numericVersion(v string) (string, [4]uint16, error) {
	core := v
	if i := strings.IndexAny(core, "-+~"); i >= 0 {
		core = core[:i]
	}
	parts := strings.Split(strings.TrimPrefix(core, "v"), ".")
	var nums [4]uint16
	if len(parts) < 1 || len(parts) > 4 {
		return "", nums, fmt.Errorf("the version %q is not major.minor.patch: fix the VERSION file", v)
	}
	for i, p := range parts {
		n, err := strconv.ParseUint(p, 10, 16)
		if err != nil {
			return "", nums, fmt.Errorf("the version %q is not major.minor.patch with numbers up to 65535: fix the VERSION file", v)
		}
		nums[i] = uint16(n)
	}
	return fmt.Sprintf("%d.%d.%d.%d", nums[0], nums[1], nums[2], nums[3]), nums, nil
}
