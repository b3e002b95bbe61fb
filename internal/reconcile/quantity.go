package reconcile

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
)

// Qty is a quantity in thousandths of a unit. Sources send quantities as JSON numbers
// (float64), but seats are whole and sums of floats drift (0.1+0.2 != 0.3): converting each
// input once to integer milli-units keeps every sum, difference and comparison exact.
type Qty int64

// QtyUnit is one whole unit (one seat).
const QtyUnit Qty = 1000

// QtyOf converts a source quantity, rounding to the nearest thousandth (half away from zero).
func QtyOf(f float64) Qty {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0
	}
	return Qty(math.Round(f * float64(QtyUnit)))
}

// Units is a whole number of units as a Qty.
func Units(n int64) Qty { return Qty(n) * QtyUnit }

// IsWhole reports whether q is a whole number of units.
func (q Qty) IsWhole() bool { return q%QtyUnit == 0 }

// Float64 is q as a float, for display and JSON DTOs.
func (q Qty) Float64() float64 { return float64(q) / float64(QtyUnit) }

// Abs is |q|.
func (q Qty) Abs() Qty {
	if q < 0 {
		return -q
	}
	return q
}

// String formats q without trailing zeros: "27", "2.5", "-0.125".
func (q Qty) String() string {
	sign := ""
	v := int64(q)
	if v < 0 {
		sign, v = "-", -v
	}
	whole, frac := v/int64(QtyUnit), v%int64(QtyUnit)
	if frac == 0 {
		return sign + strconv.FormatInt(whole, 10)
	}
	f := fmt.Sprintf("%03d", frac)
	for f[len(f)-1] == '0' {
		f = f[:len(f)-1]
	}
	return sign + strconv.FormatInt(whole, 10) + "." + f
}

// MarshalJSON writes q as a plain JSON number (27, not 27.0 or "27"), which is what the
// PSA's JSON Patch "value" expects.
func (q Qty) MarshalJSON() ([]byte, error) { return []byte(q.String()), nil }

// UnmarshalJSON reads a JSON number.
func (q *Qty) UnmarshalJSON(b []byte) error {
	var f float64
	if err := json.Unmarshal(b, &f); err != nil {
		return fmt.Errorf("quantity %s is not a number: %w", b, err)
	}
	*q = QtyOf(f)
	return nil
}
