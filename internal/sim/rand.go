package sim

import "math/rand/v2"

// Rand returns a deterministic random source: simulators generate the same tenant for the
// same seed, so tests and benchmarks compare like with like.
func Rand(seed uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
}
