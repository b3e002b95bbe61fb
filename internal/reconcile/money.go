package reconcile

import (
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"strconv"
)

// Money is an exact amount in ten-thousandths of the currency unit (1.0833 = 10833). Unit
// prices and costs come from the sources as float64; four decimals keep per-seat prices such
// as 1.0833 exact where whole cents would not, and integer arithmetic keeps sums exact.
// Amounts with more decimals are rounded half away from zero on input.
type Money int64

// MoneyScale is how many Money units make one currency unit.
const MoneyScale Money = 10000

// MoneyOf converts a source amount.
func MoneyOf(f float64) Money {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0
	}
	return Money(math.Round(f * float64(MoneyScale)))
}

// Cents is an amount given in whole cents.
func Cents(c int64) Money { return Money(c) * (MoneyScale / 100) }

// Float64 is m as a float, for display and JSON DTOs.
func (m Money) Float64() float64 { return float64(m) / float64(MoneyScale) }

// Times is m × q (a unit price times a quantity), rounded half away from zero to Money's
// precision. The product is computed in big integers: price × milli-units overflows int64
// only for absurd inputs, but a wrong sign on a money figure is worse than a few allocations.
func (m Money) Times(q Qty) Money {
	p := int64(m) * int64(q)
	if m == 0 || q == 0 {
		return 0
	}
	if p/int64(q) == int64(m) { // no overflow
		return Money(divRound(p, int64(QtyUnit)))
	}
	n := new(big.Int).Mul(big.NewInt(int64(m)), big.NewInt(int64(q)))
	neg := n.Sign() < 0
	n.Abs(n).Add(n, big.NewInt(int64(QtyUnit/2))).Quo(n, big.NewInt(int64(QtyUnit)))
	if neg {
		n.Neg(n)
	}
	if !n.IsInt64() {
		if neg {
			return math.MinInt64
		}
		return math.MaxInt64
	}
	return Money(n.Int64())
}

// divRound is a/b rounded half away from zero, for b > 0.
func divRound(a, b int64) int64 {
	if a >= 0 {
		return (a + b/2) / b
	}
	return -((-a + b/2) / b)
}

// String formats m with at least two decimals and at most four: "12.50", "1.0833", "-3.00".
func (m Money) String() string {
	sign := ""
	v := int64(m)
	if v < 0 {
		sign, v = "-", -v
	}
	whole, frac := v/int64(MoneyScale), v%int64(MoneyScale)
	f := fmt.Sprintf("%04d", frac)
	for len(f) > 2 && f[len(f)-1] == '0' {
		f = f[:len(f)-1]
	}
	return sign + strconv.FormatInt(whole, 10) + "." + f
}

// MarshalJSON writes m as a plain JSON number with its exact decimals.
func (m Money) MarshalJSON() ([]byte, error) { return []byte(m.String()), nil }

// UnmarshalJSON reads a JSON number.
func (m *Money) UnmarshalJSON(b []byte) error {
	var f float64
	if err := json.Unmarshal(b, &f); err != nil {
		return fmt.Errorf("amount %s is not a number: %w", b, err)
	}
	*m = MoneyOf(f)
	return nil
}
