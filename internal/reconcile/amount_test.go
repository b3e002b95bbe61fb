package reconcile

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestQtyIsExact(t *testing.T) {
	// float64: 0.1+0.2 != 0.3; converted once, sums are exact.
	assert.Equal(t, QtyOf(0.3), QtyOf(0.1)+QtyOf(0.2))
	var sum Qty
	for i := 0; i < 1000; i++ {
		sum += QtyOf(0.1)
	}
	assert.Equal(t, Units(100), sum)
}

func TestQtyFormat(t *testing.T) {
	tests := []struct {
		q    Qty
		want string
	}{
		{Units(27), "27"}, {QtyOf(2.5), "2.5"}, {QtyOf(-0.125), "-0.125"}, {0, "0"}, {QtyOf(-3), "-3"}, {QtyOf(1.0004), "1"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.q.String())
			b, err := json.Marshal(tt.q)
			require.NoError(t, err)
			assert.Equal(t, tt.want, string(b), "JSON is a plain number")
		})
	}
	assert.True(t, Units(3).IsWhole())
	assert.False(t, QtyOf(2.5).IsWhole())
	var q Qty
	require.NoError(t, json.Unmarshal([]byte("25"), &q))
	assert.Equal(t, Units(25), q)
	assert.Error(t, json.Unmarshal([]byte(`"x"`), &q))
}

func TestMoney(t *testing.T) {
	tests := []struct {
		name string
		got  Money
		want string
	}{
		{"whole cents", MoneyOf(12.5), "12.50"},
		{"four decimals kept", MoneyOf(1.0833), "1.0833"},
		{"more decimals rounded", MoneyOf(1.08335), "1.0834"},
		{"negative", MoneyOf(-3), "-3.00"},
		{"cents", Cents(1999), "19.99"},
		{"price times seats", MoneyOf(22).Times(Units(2)), "44.00"},
		{"price times a negative difference", MoneyOf(22).Times(Units(-3)), "-66.00"},
		{"sub-unit price times seats is exact", MoneyOf(1.0833).Times(Units(12)), "12.9996"},
		{"half seat rounds half away from zero", Money(1).Times(QtyOf(0.5)), "0.0001"},
		{"negative half rounds away from zero", Money(1).Times(QtyOf(-0.5)), "-0.0001"},
		{"overflow-size product goes through big integers", Money(4e10).Times(Units(4e6)), "16000000000000.00"},
		{"a result beyond int64 saturates instead of wrapping", Money(4e12).Times(Units(4e6)), "922337203685477.5807"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { assert.Equal(t, tt.want, tt.got.String()) })
	}
	var sum Money
	for i := 0; i < 10; i++ {
		sum += MoneyOf(0.1)
	}
	assert.Equal(t, MoneyOf(1), sum)
	b, err := json.Marshal(MoneyOf(11.09))
	require.NoError(t, err)
	assert.Equal(t, "11.09", string(b))
}
